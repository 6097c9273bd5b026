import { isWholePlainRequest } from '../../server/cluster/handOver';

const request = (head: string, body = '') => Buffer.from(`${head}\r\n\r\n${body}`, 'latin1');

describe('which first chunks the primary hands over whole instead of through sticky routing', () => {
  test('a GET whose headers are complete is handed over', () => {
    expect(isWholePlainRequest(request('GET /dashboard HTTP/1.1\r\nHost: x'))).toBe(true);
  });

  test('a POST whose body arrived with its headers is handed over; one still arriving is not', () => {
    const body = JSON.stringify({ answers: { q1: 5 } });
    expect(isWholePlainRequest(request(`POST /api/v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}`, body))).toBe(true);
    expect(isWholePlainRequest(request(`POST /api/v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}`, body.slice(0, 5)))).toBe(false);
  });

  test('socket.io requests, chunked bodies and unfinished headers go through sticky routing', () => {
    expect(isWholePlainRequest(request('GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x'))).toBe(false);
    expect(isWholePlainRequest(request('POST /upload/my-visits/v1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked', '5\r\nhello'))).toBe(false);
    expect(isWholePlainRequest(Buffer.from('GET /dashboard HTTP/1.1\r\nHost: x\r\n'))).toBe(false);
  });
});
