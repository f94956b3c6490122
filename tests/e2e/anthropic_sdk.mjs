// End-to-end checks with the official `@anthropic-ai/sdk` npm package (1.x) against the gateway's
// Anthropic Messages surface (run_sdk.sh anthropic). Each check runs against the group `claude`
// (an Anthropic deployment: passed through), `e2e` (an OpenAI-dialect deployment: translated
// both ways) and `gemini` (a Gemini deployment that refuses function calls sent back without the
// thought signatures it gave them); `chain` is seed 002's case: its Anthropic deployment is out of quota, so the answer
// comes from the OpenAI-dialect one, streamed in Anthropic events.
// Usage: node anthropic_sdk.mjs http://127.0.0.1:PORT
//
// Retries are off (maxRetries: 0) so a failure shows up as itself rather than as a slow retry.
// Each check prints one line; the last line is exactly "N passed, M failed"; the exit status is
// 1 when anything failed.
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { runChecks } from "./checks.mjs";

const baseURL = process.argv[2];
if (!baseURL) {
  console.error("usage: node anthropic_sdk.mjs BASE_URL");
  process.exit(2);
}

const client = new Anthropic({ baseURL, apiKey: "client-key", maxRetries: 0, timeout: 20_000 });
const messages = [{ role: "user", content: "Say hello in a few words." }];
const weatherTool = {
  name: "get_weather",
  description: "Current weather for a city",
  input_schema: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
  },
};

async function streamedText(model) {
  const stream = await client.messages.create({ model, max_tokens: 256, messages, stream: true });
  const types = [];
  let text = "";
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
      text += event.delta.text;
    }
  }
  return { types, text };
}

const checks = [];
for (const model of ["claude", "e2e", "gemini"]) {
  checks.push([
    `${model}: a message with text, stop reason and usage`,
    async () => {
      const m = await client.messages.create({ model, max_tokens: 256, messages });
      assert.equal(m.type, "message");
      assert.equal(m.role, "assistant");
      assert.equal(m.content[0].type, "text");
      assert.ok(m.content[0].text.length > 0, "text is empty");
      assert.equal(m.stop_reason, "end_turn");
      assert.ok(m.usage.input_tokens > 0, "input_tokens");
      assert.ok(m.usage.output_tokens > 0, "output_tokens");
    },
  ]);
  checks.push([
    `${model}: a stream of Anthropic events`,
    async () => {
      const { types, text } = await streamedText(model);
      assert.equal(types[0], "message_start");
      assert.equal(types.at(-1), "message_stop");
      assert.ok(types.includes("message_delta"), "no message_delta");
      assert.ok(text.length > 0, "no text deltas");
    },
  ]);
  checks.push([
    `${model}: a tool round trip`,
    async () => {
      const first = await client.messages.create({
        model,
        max_tokens: 256,
        messages: [{ role: "user", content: "Weather in Paris?" }],
        tools: [weatherTool],
      });
      assert.equal(first.stop_reason, "tool_use");
      const call = first.content.find((b) => b.type === "tool_use");
      assert.ok(call, "no tool_use block");
      assert.equal(call.name, "get_weather");
      assert.ok("city" in call.input, `input lacks city: ${JSON.stringify(call.input)}`);
      const second = await client.messages.create({
        model,
        max_tokens: 256,
        tools: [weatherTool],
        tool_choice: { type: "none" },
        messages: [
          { role: "user", content: "Weather in Paris?" },
          { role: "assistant", content: first.content },
          { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: "18C" }] },
        ],
      });
      assert.equal(second.stop_reason, "end_turn");
      assert.equal(second.content[0].type, "text");
    },
  ]);
}
checks.push([
  "chain: out-of-quota Anthropic fails over to OpenAI, streamed in Anthropic events",
  async () => {
    const { data: stream, response } = await client.messages
      .create({ model: "chain", max_tokens: 256, messages, stream: true })
      .withResponse();
    assert.equal(response.headers.get("x-switchboard-deployment"), "fake/gpt-4o-mini");
    assert.equal(
      response.headers.get("x-switchboard-failover"),
      "claude-spent/claude-sonnet-4-5=quota_exhausted",
    );
    const types = [];
    let text = "";
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
        text += event.delta.text;
      }
    }
    assert.equal(types[0], "message_start");
    assert.equal(types.at(-1), "message_stop");
    assert.ok(text.includes("gpt-4o-mini"), `answer not from the OpenAI deployment: ${text}`);
  },
]);
checks.push([
  "errors arrive as the SDK's typed errors",
  async () => {
    await assert.rejects(
      client.messages.create({ model: "claude", max_tokens: 256, messages: "not a list" }),
      (e) => e instanceof Anthropic.BadRequestError && e.status === 400,
    );
  },
]);

await runChecks(checks);
