// Preloaded into the CLI by the no-network test: every way Node opens a connection or resolves a
// name is replaced by a recorder that refuses, and the attempts are written out at exit.
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import dns from 'node:dns';
import dgram from 'node:dgram';
import http from 'node:http';
import https from 'node:https';

const attempts = [];
const deny = (what) =>
  function denied() {
    attempts.push(what);
    throw new Error(`network access denied: ${what}`);
  };
net.Socket.prototype.connect = deny('net.Socket.connect');
net.connect = deny('net.connect');
net.createConnection = deny('net.createConnection');
tls.connect = deny('tls.connect');
dns.lookup = deny('dns.lookup');
dns.resolve = deny('dns.resolve');
dns.promises.lookup = deny('dns.promises.lookup');
dns.promises.resolve = deny('dns.promises.resolve');
dgram.createSocket = deny('dgram.createSocket');
http.request = deny('http.request');
http.get = deny('http.get');
https.request = deny('https.request');
https.get = deny('https.get');
if (typeof globalThis.fetch === 'function') globalThis.fetch = deny('fetch');
process.on('exit', () => writeFileSync(process.env.NETWORK_ATTEMPTS_FILE, JSON.stringify(attempts)));
