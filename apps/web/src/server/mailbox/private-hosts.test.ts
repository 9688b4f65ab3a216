import { describe, expect, it } from "vitest";
import { addressList, internalAddressOf } from "./private-hosts";

describe("internalAddressOf", () => {
  it("finds loopback, private, link-local and mapped addresses", async () => {
    for (const host of [
      "127.0.0.1",
      "localhost",
      "10.1.2.3",
      "172.20.0.5",
      "192.168.1.10",
      "169.254.169.254",
      "100.100.0.1",
      "::1",
      "fd12::1",
      "fe80::1",
      "::ffff:10.0.0.1",
      "0.0.0.0",
    ]) {
      expect(await internalAddressOf(host), host).toBeDefined();
    }
  });

  it("lets public addresses through", async () => {
    for (const host of ["93.184.216.34", "8.8.8.8", "2001:4860:4860::8888", "172.32.0.1"]) {
      expect(await internalAddressOf(host), host).toBeUndefined();
    }
  });

  it("lets through the internal addresses the deployment lists, and only those", async () => {
    const allowed = addressList(["127.0.0.1", "10.20.0.0/16"]);
    expect(await internalAddressOf("127.0.0.1", allowed)).toBeUndefined();
    expect(await internalAddressOf("10.20.3.4", allowed)).toBeUndefined();
    expect(await internalAddressOf("10.21.0.1", allowed)).toBe("10.21.0.1");
    expect(await internalAddressOf("169.254.169.254", allowed)).toBe("169.254.169.254");
  });
});
