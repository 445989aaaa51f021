// The names Polder gives an app's OpenStack resources where a name must be unique beyond the app,
// as pure functions of the app and component names: the realizers create the resources with them
// and `sovereignUniqueNames` lists them, so the two cannot drift. Names joined with `-` can
// collide across apps (`a-b` + `c`, `a` + `b-c`): they are existing names, so they keep their
// form and the synth refuses a collision instead.

/** The app's Keystone project (`projectPerApp`). */
export const appProjectName = (app: string): string => `polder-${app}`;
/** The app's own Keystone user, the identity its workloads act as. */
export const appUserName = (app: string): string => `polder-${app}`;
/** A Swift container of a bucket or log-sink. */
export const swiftContainerName = (app: string, component: string): string => `${app}-${component}`;
/**
 * A bucket on the S3 API: the first 8 characters of the project id keep it unique on an endpoint
 * shared by projects, without a random suffix. `projectIdPrefix` is a token at synth.
 */
export const s3BucketName = (app: string, component: string, projectIdPrefix: string): string => `${app}-${component}-${projectIdPrefix}`;
/** Barbican certificate container the endpoint's listener uses; created by the certificate's owner. */
export const certificateContainerName = (app: string, endpoint: string): string => `${app}-${endpoint}-tls`;
/** A Designate zone: the domain, fully qualified. */
export const designateZoneName = (domain: string): string => `${domain}.`;

/**
 * What the app's own key is called under its reference in an external key manager: `_app-key`,
 * which no component can be named (component names start with a letter). It was `app-key`, the
 * reference of a key component named `app-key` too (the logistics example has one): two keys asked
 * for, one delivered.
 */
export const APP_KEY_REF_NAME = "_app-key";
/** Reference of an app's key, secret or certificate in the external key manager (`<keyRef>/<app>/<name>`). */
export const externalRef = (keyRef: string, app: string, name: string): string => `${keyRef}/${app}/${name}`;
/** The name of a pass-through endpoint's certificate under the app's references. */
export const endpointCertificateRefName = (endpoint: string): string => `${endpoint}-tls`;
