/**
 * "Test and save" makes the server connect wherever a merchant says. A host that resolves to a
 * loopback, private, link-local or otherwise internal address is refused — unless the deployment
 * lists it (MAILBOX_PRIVATE_HOSTS: a self-hosted mail server beside the dashboard, tests) — so the
 * form cannot be used to probe the network the dashboard runs in.
 */
import { lookup } from "node:dns/promises";
import { BlockList } from "node:net";

const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  INTERNAL.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  INTERNAL.addSubnet(network, prefix, "ipv6");
}

function inList(list: BlockList, address: string, family: number): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return list.check(mapped, "ipv4");
  return list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/** A list of addresses and CIDR ranges (`10.0.0.5`, `10.1.0.0/16`, `fd00::/8`). */
export function addressList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [network = "", prefix] = entry.split("/");
    const type = network.includes(":") ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(network, type);
    else list.addSubnet(network, Number(prefix), type);
  }
  return list;
}

/**
 * The internal address `host` resolves to that `allowed` does not list, if any (then refuse it);
 * undefined for a public host, or one that does not resolve at all (the connection check says so).
 */
export async function internalAddressOf(
  host: string,
  allowed: BlockList = new BlockList(),
): Promise<string | undefined> {
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return undefined;
  }
  return addresses.find(
    (a) => inList(INTERNAL, a.address, a.family) && !inList(allowed, a.address, a.family),
  )?.address;
}
