"""An independent XMPP client for the gateway's tests: Debian's python3-slixmpp (1.8), nothing of
the FSC's. It signs up in-band (XEP-0077, as any user may on a development server), subscribes to
the PubSub nodes named on the command line with plain XEP-0060 requests, and prints one JSON line
per event on stdout: {"ready": true} once subscribed, then {"node", "id", "root", "ns"} per item.

usage: slixmpp-subscriber.py JID PASSWORD HOST TLS_PORT PUBSUB_SERVICE CA_FILE NODE...
"""
import asyncio
import json
import ssl
import sys

import slixmpp


def emit(**fields):
    print(json.dumps(fields), flush=True)


class Subscriber(slixmpp.ClientXMPP):
    def __init__(self, jid, password, service, nodes):
        super().__init__(jid, password)
        self.service = service
        self.nodes = nodes
        self.register_plugin('xep_0030')
        self.register_plugin('xep_0004')
        self.register_plugin('xep_0060')
        self.register_plugin('xep_0077')
        # Sign up before authenticating. slixmpp 1.8 holds back every stanza sent before the session
        # (the registration form too) unless told to send everything.
        self['xep_0077'].force_registration = True
        self._always_send_everything = True
        self.add_event_handler('register', self.on_register)
        self.add_event_handler('session_start', self.on_session)
        self.add_event_handler('pubsub_publish', self.on_item)
        self.add_event_handler('failed_auth', lambda _e: emit(error='authentication failed'))

    async def on_register(self, _event):
        iq = self.Iq()
        iq['type'] = 'set'
        iq['register']['username'] = self.boundjid.user
        iq['register']['password'] = self.password
        try:
            await iq.send()
        except slixmpp.exceptions.IqError as error:
            # Already registered (a second run): signing in is what matters.
            if error.condition != 'conflict':
                emit(error='registration: ' + error.condition)

    async def on_session(self, _event):
        self.send_presence()
        for node in self.nodes:
            await self['xep_0060'].subscribe(self.service, node)
        emit(ready=True)

    def on_item(self, message):
        item = message['pubsub_event']['items']['item']
        payload = item['payload']
        emit(node=message['pubsub_event']['items']['node'], id=item['id'],
             root=payload.tag.split('}')[-1] if payload is not None else None,
             ns=payload.tag[1:].split('}')[0] if payload is not None and payload.tag.startswith('{') else None)


def main():
    jid, password, host, port, service, ca_file, *nodes = sys.argv[1:]
    client = Subscriber(jid, password, service, nodes)
    # The development server's certificate is self-signed: trust exactly that file.
    client.ssl_context = ssl.create_default_context(cafile=ca_file)
    client.connect((host, int(port)), use_ssl=True)
    asyncio.get_event_loop().run_forever()


if __name__ == '__main__':
    main()
