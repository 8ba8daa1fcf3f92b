-- A reception is stored once (ICD-VHF 1). A station that gets no 200 within its timeout posts the
-- batch again; when the first request had in fact committed, vhf.receptions kept both copies (the
-- fault test counted ~40 % of a step's receptions twice after a PostgreSQL restart). ICD-VHF v1
-- gives a reception no id of its own, so its natural key identifies it: the station, the
-- station's reception time (its GPS-disciplined clock, microseconds kept) and the frame bytes (by
-- sha256, so the index stays small even for the 1.5 kB of a rejected frame). One station cannot
-- receive one frame twice at the same instant, so two rows with that key are one reception
-- delivered twice. A reception time the ingest could not read is stored as null: coalesce makes
-- those compare equal too (NULLS NOT DISTINCT would do it, but the queries read the same
-- expression). Runs on PostgreSQL 15 and PGlite.

-- Copies already stored: the first stored (lowest id) stays; it has the status the packet got first.
delete from vhf.receptions r
using (
  select id, row_number() over (
    partition by station_id, coalesce(received_at, '-infinity'::timestamptz), sha256(frame)
    order by id
  ) as copy
  from vhf.receptions
) d
where r.id = d.id and d.copy > 1;

create unique index receptions_once_idx
  on vhf.receptions (station_id, coalesce(received_at, '-infinity'::timestamptz), sha256(frame));
