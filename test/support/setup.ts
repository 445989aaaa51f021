// Realizer modules are loaded lazily with require() in compiled code; vitest's module graph
// cannot require TypeScript, so tests load them up front (they register themselves).
import "../../lib/targets/aws/realizer";
import "../../lib/targets/azure/realizer";
import "../../lib/targets/gcp/realizer";
import "../../lib/targets/openstack/realizer";
import "../../lib/targets/aws/landing-zone/realizer";
import "../../lib/targets/openstack/landing-zone/realizer";
import "../../lib/targets/azure/landing-zone/realizer";
import "../../lib/targets/gcp/landing-zone/realizer";
import "./matchers";
