// Framing cost per streamed event, fed one network read at a time.
#include "providers/sse.h"

#include <benchmark/benchmark.h>

namespace {

void BM_SseFramerOpenAiChunks(benchmark::State& state) {
  std::string chunk =
      "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\","
      "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}],"
      "\"usage\":null}\n\n";
  sb::SseFramer framer;
  for (auto _ : state) benchmark::DoNotOptimize(framer.feed(chunk));
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(chunk.size()));
}
BENCHMARK(BM_SseFramerOpenAiChunks);

}  // namespace
