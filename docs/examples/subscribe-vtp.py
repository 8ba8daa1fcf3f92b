# SVOM VOEvents from the FSC's VTP broker (port 8099) with Python's standard library alone:
# 4-byte length, then the XML; acknowledge each VOEvent and answer each iamalive (VTP 2.0).
import os, re, socket, struct, time
host, port = os.environ.get("FSC_VTP", "localhost:8099").rsplit(":", 1)
sock, me = socket.create_connection((host, int(port))), "ivo://example.org/my-subscriber"
def read(n):
    data = b""
    while len(data) < n: data += sock.recv(n - len(data)) or exit("the broker closed the connection")
    return data
def reply(role, origin):
    xml = (f'<trn:Transport xmlns:trn="http://www.telescope-networks.org/xml/Transport/v1.1" version="1.0" role="{role}">'
           f'<Origin>{origin}</Origin><Response>{me}</Response><TimeStamp>{time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}</TimeStamp></trn:Transport>').encode()
    sock.sendall(struct.pack("!I", len(xml)) + xml)
while True:
    xml = read(struct.unpack("!I", read(4))[0]).decode()
    if "iamalive" in xml[:300]: reply("iamalive", re.search(r"<Origin>(.*?)</Origin>", xml).group(1))
    elif ":VOEvent" in xml[:300] or "<VOEvent" in xml[:300]:
        ivorn = re.search(r'ivorn="([^"]+)"', xml).group(1)
        reply("ack", ivorn)
        print(ivorn, flush=True)
