-- VOEvents of a few kB stay inline and uncompressed in their rows. By default PostgreSQL
-- compresses (pglz) any row over ~2 kB: for authors' VOEvents, written twice (the event and its
-- outbox row), that was a third of PostgreSQL's CPU at 5,000 events/s, and the outbox row lives
-- for milliseconds. Rows over 8 kB are still compressed and moved out of line as usual.
-- Measured: the author port went from ~4,500 to ~5,900 VOEvents/s (alternated runs, 2 cores);
-- the price is ~2× the disk for alerts.vtp_events (about 3.5 kB a typical event).
alter table alerts.outbox set (toast_tuple_target = 8160);
alter table alerts.vtp_events set (toast_tuple_target = 8160);
