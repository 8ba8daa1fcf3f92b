# SVOM notices (JSON) from the FSC's Server-Sent Events stream with requests (Debian: python3-requests);
# after a cut it reconnects with Last-Event-ID and the FSC replays what it missed.
import json, os, time, requests
url = os.environ.get("FSC_SSE_URL", "https://localhost:8442/v1/stream")
verify = os.environ.get("FSC_CA") or True  # the FSC's certificate file, or the system's CAs
last_id = None
while True:
    try:
        headers = {"Accept": "text/event-stream", **({"Last-Event-ID": last_id} if last_id else {})}
        with requests.get(url, headers=headers, stream=True, verify=verify, timeout=(10, 60)) as response:
            response.raise_for_status()
            for line in response.iter_lines(decode_unicode=True):
                if line.startswith("id: "): last_id = line[4:]
                elif line.startswith("data: "): print(last_id, json.dumps(json.loads(line[6:]))[:200], flush=True)
    except requests.RequestException as error:
        print("reconnecting:", error, flush=True); time.sleep(2)
