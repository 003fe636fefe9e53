// Native load engine. The per-thread event loop: epoll over connections, one timer for every
// wake-up (open-loop arrivals, \sleep, idle stages, reconnect backoff) so nothing busy-waits, and
// an eventfd that stop() writes. The timer is epoll_pwait2's nanosecond timeout (Linux 5.11+), a
// timerfd before that. Exceptions end the thread and fail the run with their message.
#include "engine.h"

#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <limits>
#include <queue>

namespace bp {

int64_t monoNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int64_t kIdlePollNs = 100'000'000;
constexpr int64_t kBackoffStartNs = 50'000'000;
constexpr int64_t kBackoffMaxNs = 1'000'000'000;
constexpr uint64_t kTimerTag = ~0ull;
constexpr uint64_t kStopTag = ~0ull - 1;

/**
 * epoll_wait with a nanosecond timeout (null: none). By number, not glibc's wrapper, so that the
 * addon still loads with a glibc older than 2.35; -1 with ENOSYS before Linux 5.11.
 */
int epollPwait2(int ep, epoll_event* events, int max, const timespec* timeout) {
#ifdef SYS_epoll_pwait2
  return (int)syscall(SYS_epoll_pwait2, ep, events, max, timeout, nullptr, 0);
#else
  errno = ENOSYS;
  return -1;
#endif
}
}  // namespace

struct Slot;

struct Client {
  enum State { NEXT, STEP, WAIT, ROLLBACK, WAIT_CONN, DONE } state = NEXT;
  int index = 0;       // in the worker's client list (completion tag)
  int id = 0;          // logical client id (seed stream, client_id)
  int connection = 0;  // connection number, for stages
  Slot* slot = nullptr;
  Rng rng;
  std::vector<double> vars, stack;
  std::vector<Value> params;
  std::string scratch;
  int txn = 0;
  size_t step = 0;
  int tries = 0;
  bool retrying = false;
  double intendedNs = kNaN;
  int64_t txnStart = 0, firstSend = 0, stmtSend = 0, readyAt = 0;
  bool readyAtResult = false;  // readyAt is when the last result came (not a timer's wake-up)
  bool sent = false;
  double overheadNs = 0;
  int currentStmt = 0;
  uint64_t timerGen = 0;
};

struct Slot {
  std::unique_ptr<Conn> conn;
  int connection = 0;
  std::vector<Client*> clients;
  int fd = -1;
  uint32_t events = 0;
  int64_t backoffNs = kBackoffStartNs;
  bool waitingReconnect = false;
  bool dirty = false;  // queued statements wait for the end of the loop pass (syncDirty)
  uint64_t timerGen = 0;
};

class Worker {
 public:
  Worker(Engine& engine, std::vector<int> connections, int cpu)
      : engine_(engine), cfg_(engine.config()), cpu_(cpu) {
    const Program& p = cfg_.program;
    figures_.byTxn.resize(p.txns.size() > 1 ? p.txns.size() : 0);
    figures_.byClass.resize(cfg_.perClass ? 7 : 0);
    for (int connection : connections) {
      auto slot = std::make_unique<Slot>();
      slot->connection = connection;
      for (int j = 0; j < cfg_.pipeline; j++) {
        auto c = std::make_unique<Client>();
        c->index = (int)clients_.size();
        c->id = connection * cfg_.pipeline + j;
        c->connection = connection;
        c->slot = slot.get();
        c->rng = Rng(cfg_.seed, (uint32_t)c->id, 0);
        c->vars = p.vars;
        if (c->vars.empty()) c->vars.push_back(0);
        c->vars[0] = c->id;
        slot->clients.push_back(c.get());
        clients_.push_back(std::move(c));
      }
      slots_.push_back(std::move(slot));
    }
    if (!clients_.empty()) arrivals_ = Rng(cfg_.seed, (uint32_t)clients_.front()->id, 1);
    // Created before the thread so that stop() can always wake it.
    stopFd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    thread_ = std::thread([this] { main(); });
  }

  ~Worker() {
    stop();
    if (thread_.joinable()) thread_.join();
    if (stopFd_ >= 0) close(stopFd_);
  }

  std::string waitReady() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return ready_; });
    return readyError_;
  }

  void start(int64_t t0) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      t0_ = t0;
      started_ = true;
    }
    cv_.notify_all();
  }

  void stop() {
    stopping_.store(true);
    {
      std::lock_guard<std::mutex> lock(mu_);
      started_ = true;
    }
    cv_.notify_all();
    if (stopFd_ >= 0) {
      uint64_t one = 1;
      (void)!write(stopFd_, &one, sizeof one);
    }
  }

  void join() {
    if (thread_.joinable()) thread_.join();
  }

  Figures& figures() { return figures_; }

 private:
  void main() {
    // Named so that top, perf and /proc tell the engine's threads from Node's own.
    pthread_setname_np(pthread_self(), "bp-native");
    if (cpu_ >= 0) {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(cpu_, &one);
      // Best effort: where the affinity cannot be set the thread runs where the scheduler puts it.
      (void)sched_setaffinity(0, sizeof one, &one);
    }
    try {
      run();
    } catch (const std::exception& e) {
      engine_.setFatal(std::string("the native engine stopped: ") + e.what());
    } catch (...) {
      engine_.setFatal("the native engine stopped on an unknown error");
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!ready_) {
        ready_ = true;
        if (readyError_.empty()) readyError_ = "the native engine stopped while connecting";
      }
    }
    cv_.notify_all();
    slots_.clear();
    if (ep_ >= 0) close(ep_);
    if (timerFd_ >= 0) close(timerFd_);
  }

  void run() {
    ep_ = epoll_create1(EPOLL_CLOEXEC);
    if (ep_ < 0 || stopFd_ < 0) throw std::runtime_error("cannot create the event loop");
    // The wait itself times the next wake-up: an open-loop arrival costs no timerfd_settime and
    // no read of a timerfd (two of the six system calls its query took with a timerfd).
    timespec zero{};
    epoll_event probe;
    if (epollPwait2(ep_, &probe, 1, &zero) < 0) {
      timerFd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
      if (timerFd_ < 0) throw std::runtime_error("cannot create the event loop");
      addFd(timerFd_, EPOLLIN, kTimerTag);
    }
    // The timed wait ends up to the thread's timer slack (50 µs) late, against a 1 ms target for
    // the lag's p99; a slack of 1 ns cost 10-15 % more CPU per query at 15,000/s (measured).
    addFd(stopFd_, EPOLLIN, kStopTag);
    std::string err;
    for (auto& s : slots_) {
      if (stopping_.load()) break;
      if (!openSlot(*s, err)) break;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      ready_ = true;
      readyError_ = err;
    }
    cv_.notify_all();
    if (!err.empty()) return;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return started_; });
    }
    for (auto& c : clients_) schedule(*c, t0_);
    epoll_event events[64];
    while (!stopping_.load()) {
      int64_t at = nextTimer();
      int n = wait(events, 64, at);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error("epoll_wait failed");
      }
      bool timer = collect(events, n);
      if (timerFd_ < 0 && at > 0) timer = monoNs() >= at;
      act(timer);
      syncDirty();
    }
  }

  /**
   * First half of a loop pass: reads every connection the wake-up reported and stamps each
   * result as it completes, before any client sends again. A result that waited while other
   * connections' clients sent their next statements would otherwise carry that wait in its
   * latency; this way the wait is client overhead (readyAt to the next send), as the issue
   * defines latency: from the bytes handed to the socket to the result complete. Returns whether
   * the timer fired.
   */
  bool collect(const epoll_event* events, int n) {
    bool timer = false;
    results_.clear();
    resultSlots_.clear();
    for (int i = 0; i < n; i++) {
      uint64_t tag = events[i].data.u64;
      if (tag == kStopTag) continue;
      if (tag == kTimerTag) {
        uint64_t expirations;
        (void)!read(timerFd_, &expirations, sizeof expirations);
        timer = true;
        continue;
      }
      Slot& s = *slots_[tag];
      if (!s.conn) continue;
      size_t from = results_.size();
      s.conn->onEvent(events[i].events, results_);
      if (results_.size() > from) {
        int64_t at = monoNs();
        for (size_t k = from; k < results_.size(); k++) results_[k].at = at;
      }
      resultSlots_.emplace_back(&s, results_.size());
    }
    return timer;
  }

  /** Second half: the clients whose results came go on (and send), then the due timers. */
  void act(bool timer) {
    size_t k = 0;
    for (auto [slot, end] : resultSlots_) {
      for (; k < end && !stopping_.load(); k++) onResult(*clients_[results_[k].tag], results_[k]);
      k = end;
      if (slot->conn && slot->conn->dead()) dropConn(*slot);
      updateInterest(*slot);
    }
    if (timer) fireTimers();
  }

  /** Ends the loop pass: every connection that queued statements sends them (one pipeline sync). */
  void syncDirty() {
    while (!dirty_.empty()) {
      Slot* s = dirty_.back();
      dirty_.pop_back();
      s->dirty = false;
      if (!s->conn) continue;
      std::vector<Completion> done;
      s->conn->sync(done);
      deliver(*s, done);
    }
  }

  // ---- connections ----

  bool openSlot(Slot& s, std::string& err) {
    s.conn = cfg_.conn.driver == "postgresql" ? makePgConn(cfg_.conn) : makeMyConn(cfg_.conn);
    if (!s.conn->open(cfg_.program, err)) {
      s.conn.reset();
      return false;
    }
    if (slots_.size() == 1 && cfg_.pipeline == 1) s.conn->exclusive();
    s.fd = s.conn->fd();
    s.events = s.conn->wantEvents();
    addFd(s.fd, s.events, indexOf(s));
    return true;
  }

  size_t indexOf(const Slot& s) const {
    for (size_t i = 0; i < slots_.size(); i++)
      if (slots_[i].get() == &s) return i;
    return 0;
  }

  void addFd(int fd, uint32_t events, uint64_t tag) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = tag;
    if (epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev) != 0) throw std::runtime_error("epoll_ctl failed");
  }

  void updateInterest(Slot& s) {
    if (!s.conn || s.fd < 0) return;
    uint32_t want = s.conn->wantEvents();
    if (want == s.events) return;
    s.events = want;
    epoll_event ev{};
    ev.events = want;
    ev.data.u64 = indexOf(s);
    epoll_ctl(ep_, EPOLL_CTL_MOD, s.fd, &ev);
  }

  void dropConn(Slot& s) {
    if (!s.conn) return;
    if (s.fd >= 0) epoll_ctl(ep_, EPOLL_CTL_DEL, s.fd, nullptr);
    s.fd = -1;
    s.conn.reset();
  }

  /** Tries to reconnect now; on failure, again after a backoff that doubles up to a second. */
  void reconnect(Slot& s) {
    if (s.conn || stopping_.load()) return;
    std::string err;
    if (openSlot(s, err)) {
      s.backoffNs = kBackoffStartNs;
      s.waitingReconnect = false;
      {
        std::lock_guard<std::mutex> lock(figures_.mu);
        figures_.reconnects++;
      }
      for (Client* c : s.clients)
        if (c->state == Client::WAIT_CONN) {
          c->state = Client::NEXT;
          advance(*c);
        }
      return;
    }
    s.waitingReconnect = true;
    timers_.push({monoNs() + s.backoffNs, -1 - (int64_t)indexOf(s), ++s.timerGen});
    s.backoffNs = std::min(s.backoffNs * 2, kBackoffMaxNs);
  }

  // ---- timers ----

  struct Timer {
    int64_t at;
    int64_t who;  // >= 0 client index; < 0 slot -(i+1)
    uint64_t gen;
    bool operator>(const Timer& o) const { return at > o.at; }
  };

  void schedule(Client& c, int64_t at) {
    timers_.push({at, c.index, ++c.timerGen});
  }

  /** When the next live timer is due (monotonic ns), or 0 for none; drops the stale ones. */
  int64_t nextTimer() {
    while (!timers_.empty()) {
      const Timer& t = timers_.top();
      bool stale = t.who >= 0 ? clients_[t.who]->timerGen != t.gen : slots_[-1 - t.who]->timerGen != t.gen;
      if (!stale) break;
      timers_.pop();
    }
    return timers_.empty() ? 0 : timers_.top().at;
  }

  /** Waits for events or until `at` (0: no timer). */
  int wait(epoll_event* events, int max, int64_t at) {
    if (timerFd_ >= 0) {
      armTimer(at);
      return epoll_wait(ep_, events, max, -1);
    }
    if (at == 0) return epollPwait2(ep_, events, max, nullptr);
    int64_t ns = std::max<int64_t>(0, at - monoNs());
    timespec timeout{(time_t)(ns / 1000000000LL), (long)(ns % 1000000000LL)};
    return epollPwait2(ep_, events, max, &timeout);
  }

  void armTimer(int64_t at) {
    if (at == armedAt_) return;
    armedAt_ = at;
    itimerspec spec{};
    if (at > 0) {
      spec.it_value.tv_sec = at / 1000000000LL;
      spec.it_value.tv_nsec = at % 1000000000LL;
      if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
    }
    timerfd_settime(timerFd_, TFD_TIMER_ABSTIME, &spec, nullptr);
  }

  void fireTimers() {
    armedAt_ = -1;
    int64_t now = monoNs();
    while (!timers_.empty() && timers_.top().at <= now && !stopping_.load()) {
      Timer t = timers_.top();
      timers_.pop();
      if (t.who >= 0) {
        Client& c = *clients_[t.who];
        if (c.timerGen != t.gen) continue;
        advance(c);
      } else {
        Slot& s = *slots_[-1 - t.who];
        if (s.timerGen != t.gen) continue;
        reconnect(s);
      }
    }
  }

  // ---- clients ----

  struct StageView {
    size_t index;
    int threads;
    double rate;
    int64_t startsAt, endsAt;
  };

  StageView stageAt(int64_t now) const {
    const auto& plan = cfg_.plan;
    size_t i = 0;
    while (i + 1 < plan.size() && (double)(now - t0_) >= plan[i + 1].startMs * 1e6) i++;
    int64_t endsAt = i + 1 < plan.size() ? t0_ + (int64_t)(plan[i + 1].startMs * 1e6)
                                         : std::numeric_limits<int64_t>::max();
    return {i, plan[i].threads, plan[i].ratePerLoop, t0_ + (int64_t)(plan[i].startMs * 1e6), endsAt};
  }

  /**
   * Open loop as pgbench -R schedules it: one Poisson stream of arrivals per thread, at the rate of
   * the thread's active clients together; a client that is free takes the next arrival and starts
   * it when it is due. Clients of their own streams let one client's backlog wait while the
   * others idle (the schedule lag's p99 was 3x pgbench's at 15,000/s). Each stage's stream starts
   * at its rate, no earlier than the stage.
   */
  double claimArrival(const StageView& stage) {
    if (std::isnan(arrivalNs_) || stage.index != arrivalStage_) {
      arrivalNs_ = std::isnan(arrivalNs_) ? (double)stage.startsAt : std::max(arrivalNs_, (double)stage.startsAt);
      int active = 0;
      for (const auto& c : clients_) active += c->connection < stage.threads;
      arrivalStage_ = stage.index;
      arrivalRate_ = stage.rate * active;
    }
    arrivalNs_ += -std::log(1 - arrivals_.dbl()) * 1e9 / arrivalRate_;
    return arrivalNs_;
  }

  /** Runs a client until it waits: for a result, a timer, or its connection. */
  void advance(Client& c) {
    const Program& p = cfg_.program;
    for (;;) {
      if (stopping_.load()) {
        c.state = Client::DONE;
        return;
      }
      switch (c.state) {
        case Client::NEXT: {
          int64_t now = monoNs();
          // Straight after a result the client has been ready since that result came (the time
          // until it sends is client overhead); after any wait (timer, reconnect), from now.
          if (!c.readyAtResult) c.readyAt = now;
          c.readyAtResult = false;
          StageView stage = stageAt(now);
          if (c.connection >= stage.threads) {
            c.intendedNs = kNaN;
            schedule(c, std::min(stage.endsAt, now + kIdlePollNs));
            return;
          }
          if (c.slot->conn && c.slot->conn->dead()) dropConn(*c.slot);
          if (!c.slot->conn) {
            c.state = Client::WAIT_CONN;
            if (!c.slot->waitingReconnect) reconnect(*c.slot);
            return;
          }
          if (stage.rate > 0) {
            if (std::isnan(c.intendedNs)) c.intendedNs = claimArrival(stage);
            if ((double)now < c.intendedNs) {
              schedule(c, (int64_t)c.intendedNs);
              return;
            }
            // Late or on time: ready since the schedule said so, if that came after the result.
            c.readyAt = std::max(c.readyAt, (int64_t)c.intendedNs);
          }
          c.txn = pickTxn(p.cumulative, c.rng);
          c.step = 0;
          c.tries = 0;
          c.sent = false;
          c.overheadNs = 0;
          c.txnStart = now;
          c.state = Client::STEP;
          continue;
        }
        case Client::STEP: {
          const Txn& txn = p.txns[c.txn];
          if (c.step >= txn.steps.size()) {
            finishTxn(c);
            c.state = Client::NEXT;
            continue;
          }
          const Step& step = txn.steps[c.step];
          double value = 0;
          if (step.op != STEP_SQL) {
            try {
              value = evalCode(step.code, c.vars, c.rng, c.stack);
            } catch (const EvalError& e) {
              // As in the Node engine: the transaction fails with the 'other' class, the run goes on.
              Completion failed;
              failed.ok = false;
              failed.message = e.what();
              recordError(failed);
              endAttempt(c);
              continue;
            }
          }
          if (step.op == STEP_SET) {
            c.vars[step.slot] = value;
            c.step++;
            continue;
          }
          if (step.op == STEP_SLEEP) {
            double us = value * step.unitUs;
            c.step++;
            int64_t now = monoNs();
            c.readyAt = now + (int64_t)(us * 1000);
            c.readyAtResult = false;
            schedule(c, c.readyAt);
            return;
          }
          int stmt = step.pick >= 0 ? step.stmt + (int)c.vars[step.pick] : step.stmt;
          bind(c, step);
          sendStatement(c, stmt);
          return;
        }
        default:
          return;
      }
    }
  }

  void bind(Client& c, const Step& step) {
    c.params.resize(step.params.size());
    for (size_t i = 0; i < step.params.size(); i++) {
      int r = step.params[i];
      Value& v = c.params[i];
      if (r >= 0) {
        v.kind = Value::NUM;
        v.num = (size_t)r < c.vars.size() ? c.vars[r] : 0;
      } else {
        v.kind = Value::STR;
        fillPattern(cfg_.program.patterns[-r - 1], c.rng, v.str);
      }
    }
  }

  void sendStatement(Client& c, int stmt) {
    int64_t t = monoNs();
    c.overheadNs += (double)(t - c.readyAt);
    if (!c.sent) {
      c.firstSend = t;
      c.sent = true;
    }
    c.stmtSend = t;
    c.currentStmt = stmt;
    if (c.state != Client::ROLLBACK) c.state = Client::WAIT;
    Slot& s = *c.slot;
    // Reused, not a vector per statement (an allocation and a free per query otherwise). A nested
    // send (from drain() below) finds it free: its completions have moved to pending_ by then.
    std::vector<Completion>& done = sendDone_;
    done.clear();
    if (!s.conn || s.conn->dead()) {
      // Lost while this client slept (\sleep) between statements: it fails like a statement would.
      Completion lost;
      lost.tag = c.index;
      lost.ok = false;
      lost.connLost = true;
      lost.message = "the connection was lost";
      done.push_back(lost);
    } else {
      s.conn->send(c.index, cfg_.program, stmt, c.params, done);
      // Only a pipeline holds statements back until the end of the loop pass (syncDirty).
      if (cfg_.conn.pipeline && !s.dirty) {
        s.dirty = true;
        dirty_.push_back(&s);
      }
    }
    if (done.empty()) {
      if (s.conn && s.conn->dead()) dropConn(s);
      updateInterest(s);
      return;
    }
    for (Completion& r : done) pending_.emplace_back(&s, std::move(r));
    drain();
  }

  /**
   * Completions that arrive while a statement is being sent (a lost connection, or an answer
   * already buffered, as TLS often has it) are handled in this loop, never by recursion: a fast
   * server completes statement after statement at once, and recursion overflowed the stack.
   */
  void drain() {
    if (draining_) return;
    draining_ = true;
    while (!pending_.empty()) {
      auto [slot, r] = std::move(pending_.front());
      pending_.pop_front();
      onResult(*clients_[r.tag], r);
      if (slot->conn && slot->conn->dead()) dropConn(*slot);
      updateInterest(*slot);
    }
    draining_ = false;
  }

  void deliver(Slot& s, std::vector<Completion>& done) {
    for (const Completion& r : done) onResult(*clients_[r.tag], r);
    if (s.conn && s.conn->dead()) dropConn(s);
    updateInterest(s);
  }

  void onResult(Client& c, const Completion& r) {
    int64_t now = r.at != 0 ? r.at : monoNs();
    const Program& p = cfg_.program;
    const Txn& txn = p.txns[c.txn];
    // Whatever came, the client is ready from this moment (for the next statement, a rollback,
    // a retry or the next transaction).
    c.readyAt = now;
    c.readyAtResult = true;
    if (c.state == Client::ROLLBACK) {
      if (c.retrying && !r.connLost) restartTxn(c, now);
      else endAttempt(c);
      advance(c);
      return;
    }
    if (r.ok) {
      if (!figures_.byClass.empty()) {
        std::lock_guard<std::mutex> lock(figures_.mu);
        figures_.byClass[p.statements[c.currentStmt].cls].record(std::max(1.0, std::round((now - c.stmtSend) / 1e3)));
      }
      c.step++;
      c.state = Client::STEP;
      advance(c);
      return;
    }
    if (r.connLost) {
      recordError(r);
      endAttempt(c);
      advance(c);
      return;
    }
    bool retry = std::find(cfg_.retryCodes.begin(), cfg_.retryCodes.end(), r.code) != cfg_.retryCodes.end() &&
                 ++c.tries < cfg_.maxTries;
    if (retry) {
      std::lock_guard<std::mutex> lock(figures_.mu);
      figures_.retries++;
    } else {
      recordError(r);
    }
    if (txn.inTransaction && c.slot->conn) {
      c.state = Client::ROLLBACK;
      c.retrying = retry;
      c.params.clear();
      sendStatement(c, p.rollback);
      return;
    }
    if (retry) restartTxn(c, now);
    else endAttempt(c);
    advance(c);
  }

  /** A retry after a serialization failure: the transaction again, with fresh \set draws. */
  static void restartTxn(Client& c, int64_t now) {
    c.step = 0;
    c.sent = false;
    c.readyAt = now;
    c.state = Client::STEP;
  }

  /** A transaction ended without success: the client takes the next arrival. */
  void endAttempt(Client& c) {
    c.state = Client::NEXT;
    c.intendedNs = kNaN;
  }

  void recordError(const Completion& r) {
    std::lock_guard<std::mutex> lock(figures_.mu);
    figures_.failed++;
    std::string key = r.code + (r.connLost ? "!" : "");
    ErrorEntry& e = figures_.errors[key];
    if (e.count++ == 0) {
      e.code = r.code;
      e.message = r.message;
      e.connLost = r.connLost;
    }
  }

  void finishTxn(Client& c) {
    // A transaction that ends with a statement ends when its result came, not when its client
    // got round to finishing it; one that ends with a \sleep, when the client woke.
    int64_t end = c.readyAtResult ? c.readyAt : monoNs();
    const Txn& txn = cfg_.program.txns[c.txn];
    StageView stage = stageAt(end);
    bool open = stage.rate > 0 && !std::isnan(c.intendedNs);
    double fromNs = open ? c.intendedNs : (double)(txn.sleepsFirst ? c.txnStart : c.firstSend);
    {
      std::lock_guard<std::mutex> lock(figures_.mu);
      double us = std::max(1.0, std::round(((double)end - fromNs) / 1e3));
      figures_.total.record(us);
      figures_.txns++;
      figures_.queries += (uint64_t)txn.statements;
      figures_.overheadUs += c.overheadNs / 1e3;
      figures_.overheadCount += (uint64_t)txn.statements;
      if (cfg_.openLoop) {
        figures_.service.record(std::max(1.0, std::round((double)(end - c.firstSend) / 1e3)));
        figures_.lag.record(open ? std::max(0.0, std::round(((double)c.firstSend - c.intendedNs) / 1e3)) : 0);
      }
      if (!figures_.byTxn.empty()) figures_.byTxn[c.txn].record(us);
    }
    c.intendedNs = kNaN;
  }

  Engine& engine_;
  const EngineConfig& cfg_;
  Figures figures_;
  std::vector<std::unique_ptr<Client>> clients_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  std::vector<Slot*> dirty_;
  /** One loop pass's results (collect) and, per connection read, where its results end. */
  std::vector<Completion> results_;
  std::vector<std::pair<Slot*, size_t>> resultSlots_;
  /** What a send completed at once (sendStatement). */
  std::vector<Completion> sendDone_;
  /** Completions waiting for drain(), in arrival order. */
  std::deque<std::pair<Slot*, Completion>> pending_;
  bool draining_ = false;
  int64_t armedAt_ = -1;
  int64_t t0_ = 0;
  /** The open-loop stream (claimArrival): its generator, next arrival, and the stage it is for. */
  Rng arrivals_;
  double arrivalNs_ = kNaN;
  size_t arrivalStage_ = 0;
  double arrivalRate_ = 0;  // per second, the thread's active clients together
  int ep_ = -1, timerFd_ = -1, stopFd_ = -1;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  bool ready_ = false, started_ = false;
  std::string readyError_;
  const int cpu_;  // the core this thread keeps to, or -1
  std::thread thread_;
};

/**
 * The cores the engine's threads keep to, one each, or none (-1s). In closed loop, with two or
 * more threads and no more threads than cores this process may use, each thread stays on a core
 * of its own: left to the scheduler, the threads moved between cores and at times shared one, and
 * the database sessions they woke were sent to the other core more often (a rescheduling or
 * function-call interrupt each, 4-5 k/s against pgbench's 2 k/s at 32 PostgreSQL connections).
 * Measured on two cores shared with the server, 8 rounds at 32 connections: median 66 k against
 * 62 k queries/s unpinned (pgbench 64 k); at 8 connections 74-76 k against 56-74 k. Open loop is
 * left free: below saturation a thread kept to a busy core waits while the other has time (at
 * 15,000/s: lag p99 0.56-0.95 ms against 0.29-0.43, 6-8 % more CPU per query). So are one thread,
 * and thread-per-connection layouts with more threads than cores, which need the scheduler.
 */
static std::vector<int> coresFor(size_t threads, bool openLoop) {
  std::vector<int> none(threads, -1);
  cpu_set_t allowed;
  if (openLoop || threads < 2 || sched_getaffinity(0, sizeof allowed, &allowed) != 0) return none;
  std::vector<int> cores;
  for (int c = 0; c < CPU_SETSIZE && cores.size() < threads; c++)
    if (CPU_ISSET(c, &allowed)) cores.push_back(c);
  return cores.size() == threads ? cores : none;
}

Engine::Engine(EngineConfig cfg) : cfg_(std::move(cfg)) {
  double sum = 0;
  for (auto& t : cfg_.program.txns) {
    cfg_.program.cumulative.push_back(sum += t.weight);
    for (const Step& s : t.steps) {
      if (s.op == STEP_SQL) break;
      if (s.op == STEP_SLEEP) t.sleepsFirst = true;
    }
  }
  int n = std::max(1, std::min<int>(cfg_.threads, (int)cfg_.connections.size()));
  std::vector<std::vector<int>> parts(n);
  for (size_t i = 0; i < cfg_.connections.size(); i++) parts[i % n].push_back(cfg_.connections[i]);
  std::vector<int> cores = coresFor(parts.size(), cfg_.openLoop);
  for (size_t i = 0; i < parts.size(); i++)
    workers_.push_back(std::make_unique<Worker>(*this, parts[i], cores[i]));
}

Engine::~Engine() { stop(); }

std::string Engine::waitReady() {
  std::string first;
  for (auto& w : workers_) {
    std::string e = w->waitReady();
    if (first.empty()) first = e;
  }
  return first;
}

void Engine::start(int64_t t0Ns) {
  for (auto& w : workers_) w->start(t0Ns);
}

void Engine::stop() {
  for (auto& w : workers_) w->stop();
  for (auto& w : workers_) w->join();
}

void Engine::flush(Figures& out) {
  for (auto& w : workers_) {
    Figures& f = w->figures();
    std::lock_guard<std::mutex> lock(f.mu);
    out.total.add(f.total);
    f.total.clear();
    out.service.add(f.service);
    f.service.clear();
    out.lag.add(f.lag);
    f.lag.clear();
    out.byTxn.resize(f.byTxn.size());
    for (size_t i = 0; i < f.byTxn.size(); i++) {
      out.byTxn[i].add(f.byTxn[i]);
      f.byTxn[i].clear();
    }
    out.byClass.resize(f.byClass.size());
    for (size_t i = 0; i < f.byClass.size(); i++) {
      out.byClass[i].add(f.byClass[i]);
      f.byClass[i].clear();
    }
    out.txns += f.txns;
    out.queries += f.queries;
    out.failed += f.failed;
    out.retries += f.retries;
    out.reconnects += f.reconnects;
    out.overheadUs += f.overheadUs;
    out.overheadCount += f.overheadCount;
    f.txns = f.queries = f.failed = f.retries = f.reconnects = 0;
    f.overheadUs = 0;
    f.overheadCount = 0;
    for (auto& [key, e] : f.errors) {
      ErrorEntry& o = out.errors[key];
      if (o.count == 0) {
        o.code = e.code;
        o.message = e.message;
        o.connLost = e.connLost;
      }
      o.count += e.count;
    }
    f.errors.clear();
  }
}

std::string Engine::fatal() {
  std::lock_guard<std::mutex> lock(mu_);
  return fatal_;
}

void Engine::setFatal(const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  if (fatal_.empty()) fatal_ = message;
}

}  // namespace bp
