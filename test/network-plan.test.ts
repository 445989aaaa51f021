import { describe, expect, test } from "vitest";
import { formatCidr, isPrivate, overlaps, parseCidr, type Cidr } from "../lib/kinds/cidr";
import { planSubnets } from "../lib/kinds/network-plan";

const cidr = (t: string) => parseCidr(t) as Cidr;

describe("CIDR arithmetic", () => {
  test("parses and formats a block", () => {
    expect(formatCidr(cidr("10.20.0.0/16"))).toBe("10.20.0.0/16");
  });

  test("explains why a block is invalid", () => {
    expect(parseCidr("10.0.0.256/24")).toContain("above 255");
    expect(parseCidr("10.0.0.0/33")).toContain("above 32");
    expect(parseCidr("10.0.0.0")).toContain("not an IPv4 CIDR");
  });

  test("detects overlap and private ranges", () => {
    expect(overlaps(cidr("10.0.0.0/16"), cidr("10.0.128.0/17"))).toBe(true);
    expect(overlaps(cidr("10.0.0.0/16"), cidr("10.1.0.0/16"))).toBe(false);
    expect(isPrivate(cidr("172.16.0.0/12"))).toBe(true);
    expect(isPrivate(cidr("172.32.0.0/16"))).toBe(false);
  });
});

describe("subnet plan", () => {
  test("cuts private subnets from the first half and public ones from the second", () => {
    expect(planSubnets(cidr("10.20.0.0/16"), 2)).toEqual({
      private: ["10.20.0.0/19", "10.20.32.0/19"],
      public: ["10.20.128.0/19", "10.20.160.0/19"],
    });
  });

  test("adding a zone never moves an existing subnet", () => {
    const two = planSubnets(cidr("10.40.0.0/20"), 2);
    const three = planSubnets(cidr("10.40.0.0/20"), 3);
    expect(three.private.slice(0, 2)).toEqual(two.private);
    expect(three.public.slice(0, 2)).toEqual(two.public);
  });

  test("no two subnets overlap, and all lie inside the network", () => {
    const net = cidr("192.168.4.0/24");
    const plan = planSubnets(net, 3);
    const all = [...plan.private, ...plan.public].map(cidr);
    for (const [i, a] of all.entries()) {
      expect(overlaps(a, net) && a.prefix > net.prefix).toBe(true);
      for (const b of all.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    }
  });
});
