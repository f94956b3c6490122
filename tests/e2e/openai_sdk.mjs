// End-to-end checks with the official `openai` npm package (6.x) through the gateway
// (run_sdk.sh openai): Chat Completions and Responses, each against every upstream dialect of the
// fake provider, chosen by group (see run_sdk.sh): `e2e` OpenAI Chat, `claude` Anthropic
// Messages, `gemini` Gemini (checking thought signatures come back), and for Responses also
// `responses`, an `openai` account the Responses request passes through to.
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

const chatGroups = ["e2e", "claude", "gemini"];
const responsesGroups = ["responses", "e2e", "claude", "gemini"];
const weatherQuestion = [{ role: "user", content: "What is the weather in Paris?" }];
const flatWeatherTool = { type: "function", ...weatherTool.function };

const checks = [];
for (const model of chatGroups) {
  checks.push([
    `chat ${model}: a completion with content and usage`,
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
  ]);
  checks.push([
    `chat ${model}: a stream with include_usage`,
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
  ]);
  checks.push([
    `chat ${model}: a tool round trip`,
    async () => {
      const r = await client.chat.completions.create({
        model,
        messages: weatherQuestion,
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
      assert.ok("city" in args, `arguments lack city: ${call.function.arguments}`);
      const second = await client.chat.completions.create({
        model,
        tools: [weatherTool],
        tool_choice: "none",
        messages: [
          ...weatherQuestion,
          choice.message,
          { role: "tool", tool_call_id: call.id, content: "18C and sunny" },
        ],
      });
      assert.equal(second.choices[0].finish_reason, "stop");
      assert.ok(second.choices[0].message.content.length > 0);
    },
  ]);
  checks.push([
    `chat ${model}: a streamed tool call reassembled from deltas`,
    async () => {
      const stream = await client.chat.completions.create({
        model,
        messages: weatherQuestion,
        tools: [weatherTool],
        stream: true,
      });
      const calls = new Map();
      let finish = null;
      for await (const chunk of stream) {
        for (const choice of chunk.choices) {
          for (const d of choice.delta?.tool_calls ?? []) {
            const call = calls.get(d.index) ?? { id: "", name: "", arguments: "" };
            if (d.id) call.id = d.id;
            if (d.function?.name) call.name += d.function.name;
            if (d.function?.arguments) call.arguments += d.function.arguments;
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
      const args = JSON.parse(call.arguments);
      assert.ok("city" in args, `arguments lack city: ${call.arguments}`);
    },
  ]);
}

for (const model of responsesGroups) {
  checks.push([
    `responses ${model}: a response with output text and usage`,
    async () => {
      const r = await client.responses.create({ model, input: "Say hello in a few words." });
      assert.equal(r.object, "response");
      assert.equal(r.status, "completed");
      assert.ok(r.output_text.length > 0, "output_text is empty");
      assert.ok(r.usage.input_tokens > 0, "input_tokens");
      assert.ok(r.usage.output_tokens > 0, "output_tokens");
    },
  ]);
  checks.push([
    `responses ${model}: a stream of Responses events`,
    async () => {
      const stream = await client.responses.create({
        model,
        instructions: "Be brief.",
        input: "Say hello in a few words.",
        stream: true,
      });
      const types = [];
      let text = "";
      let completed = null;
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === "response.output_text.delta") text += event.delta;
        if (event.type === "response.completed") completed = event.response;
      }
      assert.equal(types[0], "response.created");
      assert.equal(types.at(-1), "response.completed");
      assert.ok(text.length > 0, "no text deltas");
      assert.ok(completed.usage.output_tokens > 0, "no usage at the end");
    },
  ]);
  checks.push([
    `responses ${model}: a tool round trip`,
    async () => {
      const first = await client.responses.create({
        model,
        input: "What is the weather in Paris?",
        tools: [flatWeatherTool],
      });
      const call = first.output.find((item) => item.type === "function_call");
      assert.ok(call, `no function_call item: ${JSON.stringify(first.output)}`);
      assert.equal(call.name, "get_weather");
      assert.ok("city" in JSON.parse(call.arguments), `arguments lack city: ${call.arguments}`);
      const second = await client.responses.create({
        model,
        tools: [flatWeatherTool],
        tool_choice: "none",
        input: [
          { role: "user", content: "What is the weather in Paris?" },
          ...first.output,
          { type: "function_call_output", call_id: call.call_id, output: "18C and sunny" },
        ],
      });
      assert.equal(second.status, "completed");
      assert.ok(second.output_text.length > 0, "no text after the tool result");
    },
  ]);
}
checks.push([
  "responses: reasoning items reach an openai deployment untouched",
  async () => {
    const reasoning = { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "opaque" };
    const r = await client.responses.create({
      model: "responses",
      reasoning: { effort: "low" },
      input: [{ role: "user", content: "Think, then answer." }, reasoning, { role: "user", content: "Go on." }],
    });
    assert.ok(r.output_text.includes("[reasoning items: 1]"), r.output_text);
    assert.ok(r.output.some((item) => item.type === "reasoning"), "no reasoning item back");
  },
]);
checks.push([
  "errors arrive as the SDK's typed errors",
  async () => {
    await assert.rejects(
      client.chat.completions.create({ model: "e2e", messages: "not a list" }),
      (e) => e instanceof OpenAI.BadRequestError && e.status === 400,
    );
    await assert.rejects(
      client.responses.create({ model: "claude", input: 42 }),
      (e) => e instanceof OpenAI.BadRequestError && e.status === 400,
    );
  },
]);

await runChecks(checks);
