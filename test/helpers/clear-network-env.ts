// Vitest setup: in-process clients read HTTPS_PROXY, HTTP_PROXY and NO_PROXY from process.env, so a
// proxy configured in the developer's shell must not reroute the tests' requests to local sandboxes.
// Tests that exercise proxies pass their own environment.
for (const name of Object.keys(process.env)) {
  if (/^(https?|no|all)_proxy$/i.test(name)) delete process.env[name];
}
