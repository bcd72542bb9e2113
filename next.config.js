/** @type {import('next').NextConfig} */
const nextConfig = {
  // dockerode pulls in ssh2's native addon, which the bundler cannot pack.
  serverExternalPackages: ["dockerode", "docker-modem", "ssh2", "cpu-features", "@node-rs/argon2"],
  poweredByHeader: false,
  // The dev server refuses its own scripts to an origin it does not know; 127.0.0.1 is how the
  // README and the tests reach it.
  allowedDevOrigins: ["127.0.0.1"],
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
