// End-to-end checks with the official `openai` npm package (6.x) against an OpenAI-compatible base
// URL: the gateway in CI (run_sdk.sh openai), or the fake provider directly while developing.
// Usage: node openai_sdk.mjs http://127.0.0.1:PORT/v1
//
// Retries are off (maxRetries: 0) so a failure shows up as itself rather than as a slow retry.
// Each check prints one line; the last line is exactly "N passed, M failed"; the exit status is
// 1 when anything failed.
import assert from "node:assert/strict";
import OpenAI from "openai";
import { runChecks } from "./checks.mjs";

const baseURL = process.argv[2];
if (!baseURL) {
  console.error("usage: node openai_sdk.mjs BASE_URL");
  process.exit(2);
}

const client = new OpenAI({ baseURL, apiKey: "client-key", maxRetries: 0, timeout: 20_000 });
const model = "e2e";
const messages = [{ role: "user", content: "Say hello in a few words." }];
const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
    },
  },
};

const checks = [
  [
    "non-streaming completion has content and usage",
    async () => {
      const r = await client.chat.completions.create({ model, messages });
      assert.equal(r.object, "chat.completion");
      const content = r.choices[0].message.content;
      assert.equal(typeof content, "string");
      assert.ok(content.length > 0, "content is empty");
      assert.equal(r.choices[0].finish_reason, "stop");
      assert.ok(r.usage, "usage missing");
      assert.ok(r.usage.prompt_tokens > 0, "prompt_tokens");
      assert.ok(r.usage.completion_tokens > 0, "completion_tokens");
      assert.equal(r.usage.total_tokens, r.usage.prompt_tokens + r.usage.completion_tokens);
    },
  ],
  [
    "streaming completion with include_usage",
    async () => {
      const stream = await client.chat.completions.create({
        model,
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      let deltas = 0;
      let text = "";
      let finish = null;
      let usage = null;
      for await (const chunk of stream) {
        if (chunk.usage) {
          assert.equal(chunk.choices.length, 0, "the usage chunk has no choices");
          usage = chunk.usage;
        }
        for (const choice of chunk.choices) {
          if (choice.delta?.content) {
            deltas += 1;
            text += choice.delta.content;
          }
          if (choice.finish_reason) finish = choice.finish_reason;
        }
      }
      assert.ok(deltas >= 2, `expected at least 2 content deltas, got ${deltas}`);
      assert.ok(text.length > 0);
      assert.equal(finish, "stop");
      assert.ok(usage, "no usage chunk");
      assert.ok(usage.total_tokens > 0);
    },
  ],
  [
    "tool call",
    async () => {
      const r = await client.chat.completions.create({
        model,
        messages: [{ role: "user", content: "What is the weather in Paris?" }],
        tools: [weatherTool],
      });
      const choice = r.choices[0];
      assert.equal(choice.finish_reason, "tool_calls");
      const call = choice.message.tool_calls?.[0];
      assert.ok(call, "no tool call");
      assert.equal(call.type, "function");
      assert.ok(call.id, "tool call id");
      assert.equal(call.function.name, "get_weather");
      const args = JSON.parse(call.function.arguments);
      assert.equal(typeof args, "object");
      assert.ok("city" in args, `arguments lack city: ${call.function.arguments}`);
    },
  ],
  [
    "streaming tool call reassembled from deltas",
    async () => {
      const stream = await client.chat.completions.create({
        model,
        messages: [{ role: "user", content: "What is the weather in Paris?" }],
        tools: [weatherTool],
        stream: true,
      });
      const calls = new Map();
      let finish = null;
      let fragments = 0;
      for await (const chunk of stream) {
        for (const choice of chunk.choices) {
          for (const d of choice.delta?.tool_calls ?? []) {
            const call = calls.get(d.index) ?? { id: "", name: "", arguments: "" };
            if (d.id) call.id = d.id;
            if (d.function?.name) call.name += d.function.name;
            if (d.function?.arguments) {
              call.arguments += d.function.arguments;
              fragments += 1;
            }
            calls.set(d.index, call);
          }
          if (choice.finish_reason) finish = choice.finish_reason;
        }
      }
      assert.equal(finish, "tool_calls");
      assert.equal(calls.size, 1);
      const call = calls.get(0);
      assert.ok(call.id, "tool call id");
      assert.equal(call.name, "get_weather");
      assert.ok(fragments >= 2, `arguments came in ${fragments} fragment(s)`);
      const args = JSON.parse(call.arguments);
      assert.ok("city" in args, `arguments lack city: ${call.arguments}`);
    },
  ],
];

await runChecks(checks);
