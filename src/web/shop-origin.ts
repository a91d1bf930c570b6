/**
 * The shop's own origin, for addresses kago hands to others (the success and cancel URLs sent to Stripe): BASE_URL
 * when set, and production always sets it (config.ts). Without it (development, tests) the request's Host is used
 * only when it names this machine: `localhost`, a loopback address, the machine's hostname (or `<hostname>.local`),
 * one of its network addresses, or the configured HOST. Any other Host is refused with a 400 before anything changes,
 * rather than quietly replaced with `http://127.0.0.1:PORT`: a shopper who reached the shop by another name would be
 * sent back to their own machine after paying, and the developer would not learn that BASE_URL is missing.
 */
import { networkInterfaces, hostname as machineHostname } from 'node:os';
import type { FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../config.js';
import { HttpError } from './errors.js';

function unknownHost(): HttpError {
  return new HttpError(
    400,
    'unknown_host',
    'Unknown shop address',
    "This request was sent to an address that is not this shop, so it was not carried out. (The shop owner can set BASE_URL to the shop's address.)",
  );
}

/** A Host header as it should be: `name`, `name:port`, `1.2.3.4:port`, `[::1]:port`. */
export const HOST_HEADER = /^([A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$/;

/** `[::1]` -> `::1`, lower case, no trailing dot: how names are compared. */
function bare(name: string): string {
  return name
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/** Does `hostname` (as in a URL: IPv6 in brackets) name this machine? `listenHost` is the configured HOST. */
export function isThisMachine(hostname: string, listenHost: string): boolean {
  const name = bare(hostname);
  if (name === '' || isLoopbackHost(name)) return true;
  const own = bare(machineHostname());
  if (name === own || name === `${own}.local`) return true;
  if (!['0.0.0.0', '::'].includes(bare(listenHost)) && name === bare(listenHost)) return true;
  // Addresses can change while the process runs (DHCP, VPN), so they are read each time; only development asks.
  return Object.values(networkInterfaces()).some((addresses) =>
    addresses?.some((address) => bare(address.address) === name),
  );
}

/** `(request) => origin` for one shop: BASE_URL's origin, or the request's own when its Host names this machine. */
export function shopOrigin(options: { baseUrl: URL | undefined; host: string }): (request: FastifyRequest) => string {
  const { baseUrl, host } = options;
  if (baseUrl) return () => baseUrl.origin;
  return (request) => {
    // Only a name or address and a port: nothing (`@`, `/`, `#`) that would make the URL mean another host or a path.
    if (!HOST_HEADER.test(request.host)) throw unknownHost();
    const candidate = `${request.protocol}://${request.host}`;
    if (!URL.canParse(candidate) || !isThisMachine(new URL(candidate).hostname, host)) throw unknownHost();
    return candidate;
  };
}
