// Container healthcheck: GET https://127.0.0.1:$PORT<path> (default /health), exit 0 on 2xx.
// The services serve HTTPS, self-signed unless TLS_CERT/TLS_KEY are given, so the
// certificate is not verified: this only asks whether the local process answers.
'use strict';
const https = require('node:https');

const path = process.argv[2] || '/health';
const port = Number(process.env.PORT || 8440);
const request = https.get({ host: '127.0.0.1', port, path, rejectUnauthorized: false, timeout: 4000 }, (response) => {
  response.resume();
  process.exit(response.statusCode >= 200 && response.statusCode < 300 ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error('timeout')));
request.on('error', (error) => {
  console.error(`healthcheck ${path}: ${error.message}`);
  process.exit(1);
});
