-- Prosody 0.12 (Debian's `prosody`) as the FSC's XMPP PubSub server. Every deployment knob is an
-- environment variable (Prosody reads ENV_<NAME> as os.getenv("<NAME>")), so `npm start`, the tests
-- and a container run this same file:
--   SVOM_XMPP_DOMAIN     the XMPP domain; PubSub is the component pubsub.<domain> (default localhost)
--   SVOM_XMPP_DATA       where accounts, nodes and items are kept
--   SVOM_XMPP_STORAGE    "sql" (SQLite in <data>/prosody.sqlite; needs Debian's lua-dbi-sqlite3) or
--                        "internal" (files: each publish rewrites the node's whole item list, so
--                        with 1,000 items kept a publish takes ~0.3 s: development without it only)
--   SVOM_XMPP_CERT/KEY   PEM certificate (names <domain> and pubsub.<domain>) and key
--   SVOM_XMPP_C2S_PORT   STARTTLS client port (5222); SVOM_XMPP_TLS_PORT direct-TLS port (5223)
--   SVOM_XMPP_INTERFACE  address to listen on (127.0.0.1; "*" in a container)
--   SVOM_XMPP_ADMIN      the gateway's bare JID: owner of every node (it creates and publishes)
--   SVOM_XMPP_REGISTER   "1" lets anyone sign up in-band (XEP-0077): development only
--   SVOM_XMPP_LOG        log file (default <data>/prosody.log); "console" for stdout
local domain = ENV_SVOM_XMPP_DOMAIN or "localhost"
local data = ENV_SVOM_XMPP_DATA or "data/xmpp"
local iface = ENV_SVOM_XMPP_INTERFACE or "127.0.0.1"

data_path = data
pidfile = data .. "/prosody.pid"
-- Run in the foreground as whoever starts it: no daemon, no user switch (that is mod_posix's job,
-- left out), so a test or a container supervises the process itself.
run_as_root = true
if ENV_SVOM_XMPP_LOG == "console" then
	log = { info = "*console" }
else
	log = { info = ENV_SVOM_XMPP_LOG or (data .. "/prosody.log") }
end

admins = { ENV_SVOM_XMPP_ADMIN or ("fsc-gateway@" .. domain) }

local modules = { "roster", "saslauth", "tls", "disco", "ping", "time", "version", "uptime" }
if ENV_SVOM_XMPP_REGISTER == "1" then
	modules[#modules + 1] = "register"
	allow_registration = true
end
modules_enabled = modules
-- Clients only: no federation, no HTTP, no daemonising.
modules_disabled = { "posix", "s2s", "offline", "c2s_timeout" }

interfaces = { iface }
c2s_ports = { tonumber(ENV_SVOM_XMPP_C2S_PORT or "5222") }
c2s_direct_tls_ports = { tonumber(ENV_SVOM_XMPP_TLS_PORT or "5223") }
c2s_require_encryption = true
s2s_ports = {}
component_ports = {}
http_ports = {}
https_ports = {}

authentication = "internal_hashed"
if ENV_SVOM_XMPP_STORAGE == "sql" then
	storage = "sql"
	sql = { driver = "SQLite3", database = "prosody.sqlite" } -- relative to data_path
else
	storage = "internal"
end

local tls = {
	certificate = ENV_SVOM_XMPP_CERT or (data .. "/tls/xmpp.crt");
	key = ENV_SVOM_XMPP_KEY or (data .. "/tls/xmpp.key");
}
ssl = tls
-- Prosody also indexes a certificate directory; ours is the one with the pair above.
certificates = data .. "/tls"
c2s_direct_tls_ssl = tls

VirtualHost(domain)

-- XEP-0060 PubSub. Only admins (the gateway) create nodes; items are persisted, at most 1,000 a node
-- (the gateway configures each node with max_items 1000; this is the ceiling a node may ask for).
Component("pubsub." .. domain)("pubsub")
	name = "SVOM FSC notices"
	pubsub_max_items = 1000
