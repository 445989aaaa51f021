import { testingMatchers } from "cdktf";
import { expect } from "vitest";

type Ctor = testingMatchers.TerraformConstructor;
const adapt = (r: testingMatchers.AssertionReturn) => testingMatchers.returnMatcherToJest(r);

// A small adapter over cdktf's own matchers, so tests read like cdktf's jest examples.
expect.extend({
  toHaveResource(received: string, type: Ctor) {
    return adapt(testingMatchers.getToHaveResourceWithProperties()(received, type, {}));
  },
  toHaveResourceWithProperties(received: string, type: Ctor, properties: Record<string, unknown>) {
    return adapt(testingMatchers.getToHaveResourceWithProperties()(received, type, properties));
  },
  toHaveDataSourceWithProperties(received: string, type: Ctor, properties: Record<string, unknown>) {
    return adapt(testingMatchers.getToHaveDataSourceWithProperties()(received, type, properties));
  },
  toHaveProviderWithProperties(received: string, type: Ctor, properties: Record<string, unknown>) {
    return adapt(testingMatchers.getToHaveProviderWithProperties()(received, type, properties));
  },
});

declare module "vitest" {
  interface Matchers<T = any> {
    toHaveResource(type: Ctor): T;
    toHaveResourceWithProperties(type: Ctor, properties: Record<string, unknown>): T;
    toHaveDataSourceWithProperties(type: Ctor, properties: Record<string, unknown>): T;
    toHaveProviderWithProperties(type: Ctor, properties: Record<string, unknown>): T;
  }
}
