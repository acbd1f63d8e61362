// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.local/**',
      'models/**',
      '.data/**',
      '.cache/**',
      'scripts/*.mjs',
      'scripts/models/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no activity
    // implementations (type-only imports), nothing that reads clocks, randomness or I/O.
    files: ['workflows/**/*.ts', 'bench/peer/*-workflows.ts'],
    // A pipeline's descriptor, the registry and the shared body fields are the API's side of a
    // pipeline folder: never bundled, and workflow code imports their types only (below).
    ignores: [
      'workflows/**/*.pipeline.ts',
      'workflows/pipelines/pipeline-*.ts',
      'workflows/contracts/patterns/spec-schema.ts',
      'workflows/contracts/zod-issues.ts',
      'workflows/contracts/input-rules.ts',
      'workflows/contracts/*-schema.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Node built-ins are not allowed in workflow code.',
          })),
          patterns: [
            { group: ['node:*'], message: 'Node built-ins are not allowed in workflow code.' },
            {
              group: [
                '**/activities/**',
                '**/*.pipeline.js',
                '**/pipeline-registry.js',
                '**/pipeline-fields.js',
                '**/pipeline-descriptor.js',
                // Admission (zod) is the API's and the client's; workflows check execution invariants.
                '**/spec-schema.js',
                '**/zod-issues.js',
                '**/input-rules.js',
                'zod',
                '@temporalio/activity',
                '@temporalio/worker',
                '@temporalio/client',
                'node-llama-cpp',
              ],
              allowTypeImports: true,
              message: 'Workflow code may import only @temporalio/workflow and type-only imports.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No process access in workflow code.' },
        { name: 'setImmediate', message: 'Use workflow APIs.' },
      ],
    },
  },
  {
    // Tests read loosely typed HTTP bodies.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Nest's decorators need runtime class references for dependency injection.
    files: ['api/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
