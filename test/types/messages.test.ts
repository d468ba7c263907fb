// @vitest-environment node
// The compiler's words for the mistakes users make, pinned: `vitest --project types` can say that a call is an
// error, not what the error says. This compiles a user's file against src/ with the TypeScript compiler API and
// asserts on the message each line gets.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';

const tsconfig = fileURLToPath(new URL('./tsconfig.json', import.meta.url));
// In this folder, so that `../../src` and the `eventsource` package resolve as they do for the other type tests.
const file = fileURLToPath(new URL('./user-mistakes.virtual.ts', import.meta.url));

/** Each case: the code a user writes, on one line. */
const lines = {
  noParseNoOptions: `useEventSource<Price>('/feed');`,
  noParse: `useEventSource<Price>('/feed', { events: ['price'] });`,
  textForAnObject: `useEventSource<Price>('/feed', { parse: 'text' });`,
  noParseForANumber: `useEventSource<number>('/feed', { history: 10 });`,
  jsonParse: `const fromJsonParse: unknown = useEventSource('/feed', { parse: JSON.parse }).data;`,
  jsonParseForPrice: `const price: Price | undefined = useEventSource<Price>('/feed', { parse: JSON.parse }).data;`,
  misspeltFetch: `useEventSource('/feed', { EventSource, eventSourceInit: { fecth: myFetch } });`,
  fetchWithoutEventSource: `useEventSource('/feed', { eventSourceInit: { fetch: myFetch } });`,
  progressMisspeltFetch: `useSseProgress('/task', { EventSource, eventSourceInit: { fecth: myFetch } });`,
  headersWithEventSource: `useEventSource('/feed', { transport: 'eventsource', headers: { A: '1' } });`,
  bodyWithEventSource: `useSseProgress('/task', { transport: 'eventsource', method: 'POST', body: 'q' });`,
};

const source = [
  `import { EventSource, type FetchLike } from 'eventsource';`,
  `import { useEventSource, useSseProgress } from '../../src';`,
  'interface Price { symbol: string; price: number }',
  'declare const myFetch: FetchLike;',
  ...Object.values(lines),
].join('\n');

let messages: Record<keyof typeof lines, string[]>;

beforeAll(() => {
  const config = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`cannot read ${tsconfig}`);
  const host = ts.createCompilerHost(config.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, version, ...rest) =>
    name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const program = ts.createProgram([file], { ...config.options, noEmit: true }, host);
  const sourceFile = program.getSourceFile(file);
  if (!sourceFile) throw new Error('the snippet was not compiled');
  const byLine = new Map<number, string[]>();
  for (const diagnostic of [
    ...program.getSyntacticDiagnostics(sourceFile),
    ...program.getSemanticDiagnostics(sourceFile),
  ]) {
    const line = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
    const text = [diagnostic.messageText, ...(diagnostic.relatedInformation ?? []).map((r) => r.messageText)]
      .map((message) => ts.flattenDiagnosticMessageText(message, '\n'))
      .join('\n');
    byLine.set(line, [...(byLine.get(line) ?? []), text]);
  }
  const first = source.split('\n').indexOf(lines.noParseNoOptions);
  messages = Object.fromEntries(
    Object.keys(lines).map((key, index) => [key, byLine.get(first + index) ?? []]),
  ) as typeof messages;
  // Nothing but the cases has an error (the imports resolve, the preamble compiles).
  const cases = new Set(Object.keys(lines).map((_, index) => first + index));
  expect([...byLine.keys()].filter((line) => !cases.has(line)).map((line) => byLine.get(line))).toEqual([]);
}, 60_000);

describe('a T that is not a string without parse: the message names parse', () => {
  test('no options at all', () => {
    expect(messages.noParseNoOptions).toHaveLength(1);
    expect(messages.noParseNoOptions[0]).toContain('needs parse');
    // what it said before: nothing about parse
    expect(messages.noParseNoOptions[0]).not.toContain("does not satisfy the constraint 'string'");
  });

  test('options without parse', () => {
    expect(messages.noParse).toHaveLength(1);
    expect(messages.noParse[0]).toContain("Property 'parse' is missing");
    expect(messages.noParseForANumber[0]).toContain("Property 'parse' is missing");
  });

  test("parse: 'text' for an object", () => {
    expect(messages.textForAnObject).toHaveLength(1);
    expect(messages.textForAnObject[0]).toMatch(/'"text"' is not assignable to type .*ParseOption<Price>/);
  });
});

describe('parse: JSON.parse', () => {
  test('compiles, with or without a type argument (no message about reviver or MessageEvent)', () => {
    expect(messages.jsonParse).toEqual([]);
    expect(messages.jsonParseForPrice).toEqual([]);
  });
});

describe('eventSourceInit: a misspelt option names itself', () => {
  test("the eventsource package's EventSource", () => {
    expect(messages.misspeltFetch).toHaveLength(1);
    expect(messages.misspeltFetch[0]).toContain("'fecth' does not exist in type");
    expect(messages.progressMisspeltFetch[0]).toContain("'fecth' does not exist in type");
  });

  test("no EventSource injected: the browser's EventSource takes no fetch", () => {
    expect(messages.fetchWithoutEventSource).toHaveLength(1);
    expect(messages.fetchWithoutEventSource[0]).toContain("'fetch' does not exist in type 'EventSourceInit");
  });
});

describe('transport: the option that needs fetch names itself', () => {
  test("headers, method or body with transport: 'eventsource'", () => {
    expect(messages.headersWithEventSource).toHaveLength(1);
    expect(messages.headersWithEventSource[0]).toContain("Types of property 'headers' are incompatible");
    // useSseProgress has no overloads: one message for each option that needs fetch
    expect(messages.bodyWithEventSource).toHaveLength(2);
    expect(messages.bodyWithEventSource.join('\n')).toMatch(/'string' is not assignable to type 'undefined'/);
  });
});
