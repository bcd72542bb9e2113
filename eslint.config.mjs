// Lint gate (`npm run lint`, first step of `npm test`): Next's core-web-vitals rules (react,
// react-hooks, jsx-a11y, @next/next, import), typescript-eslint's recommended rules with type
// information. Import cycles, between files and between folders, are dependency-cruiser's
// (.dependency-cruiser.cjs, in the same gate): import/no-cycle checked the file-level ones a
// second time and took half of the lint's time.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import jsxA11y from "eslint-plugin-jsx-a11y";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    // The files Next's config registers the jsx-a11y plugin for.
    files: ["**/*.{js,jsx,mjs,ts,tsx,mts,cts}"],
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      // `role` is also a prop of the dashboard's own components (the role a page needs).
      "jsx-a11y/aria-role": ["error", { ignoreNonDOM: true }],
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["warn", { fixStyle: "inline-type-imports" }],
      "import/no-cycle": "off",
      "max-len": ["warn", { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
    },
  },
  {
    files: ["e2e/**", "scripts/**", "**/*.test.ts", "lib/testing/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  globalIgnores([
    ".next/**",
    "node_modules/**",
    "lib/generated/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    ".sandbox/**",
  ]),
]);
