import type { Duplex } from 'node:stream';
import { codeForStatus } from '../errors.js';

/**
 * Requests Node cannot even parse (garbage, headers over 16 KB) and clients too slow to send
 * their headers or request in time never reach Fastify's routes; answer them in the same JSON
 * error shape as everything else.
 */
export function answerMalformedRequest(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request headers or URL are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [
            408,
            'Request Timeout',
            'The request was not received in time: send the headers and body without pauses',
          ]
        : [400, 'Bad Request', 'Malformed HTTP request'];
  const body = JSON.stringify({ code: codeForStatus(status), message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
      body,
  );
}
