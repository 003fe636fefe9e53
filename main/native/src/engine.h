// Native load engine. Threads (one per core by default), each an epoll loop over its
// connections, running the workload program's clients; results leave per interval, never per query.
#pragma once
#include <atomic>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "conn.h"
#include "hist.h"
#include "program.h"

namespace bp {

struct Stage {
  double startMs = 0;
  int threads = 0;
  double ratePerLoop = -1;  // < 0: closed loop
};

struct EngineConfig {
  ConnConfig conn;
  Program program;
  std::vector<int> connections;  // connection numbers this engine runs
  int pipeline = 1;
  int threads = 1;
  uint32_t seed = 0;
  int maxTries = 1;
  std::vector<std::string> retryCodes;
  std::vector<Stage> plan;
  bool perClass = false;
  bool openLoop = false;
};

struct ErrorEntry {
  uint64_t count = 0;
  std::string code;
  std::string message;
  bool connLost = false;
};

/** One thread's figures since the last flush; guarded by its mutex. */
struct Figures {
  std::mutex mu;
  Hist total, service, lag;
  std::vector<Hist> byTxn, byClass;
  uint64_t txns = 0, queries = 0, failed = 0, retries = 0, reconnects = 0;
  double overheadUs = 0;
  uint64_t overheadCount = 0;
  std::map<std::string, ErrorEntry> errors;
};

class Worker;

class Engine {
 public:
  explicit Engine(EngineConfig cfg);
  ~Engine();
  /** Blocks until every connection is open; returns the first failure, or "". */
  std::string waitReady();
  /** Starts the clients at `t0` on the monotonic clock (ns). */
  void start(int64_t t0Ns);
  void stop();
  /** Figures of every thread since the last flush, merged. */
  void flush(Figures& out);
  std::string fatal();
  const EngineConfig& config() const { return cfg_; }
  void setFatal(const std::string& message);

 private:
  EngineConfig cfg_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::mutex mu_;
  std::string fatal_;
};

int64_t monoNs();

}  // namespace bp
