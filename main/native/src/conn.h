// Native load engine. One database connection driven without blocking from an epoll loop:
// libpq for PostgreSQL, MariaDB Connector/C's *_start/*_cont API for MySQL and MariaDB.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "program.h"

namespace bp {

struct ConnConfig {
  std::string driver;  // "postgresql" | "mysql"
  std::string host, user, password, database, schema;
  int port = 0;
  bool tls = false;
  std::string tlsMode, ca, cert, key, passphrase;
  bool simple = false;  // text protocol with inlined literals
  bool pipeline = false;
  std::vector<std::string> connectionCodes;  // errors that mean the connection is gone
};

struct Value {
  enum Kind { NUL, NUM, STR } kind = NUL;
  double num = 0;
  std::string str;
};

struct Completion {
  int tag = 0;
  /** When the engine had the whole result in hand (monotonic ns); 0: now, as it is delivered. */
  int64_t at = 0;
  bool ok = true;
  bool connLost = false;
  std::string code;
  std::string message;
};

class Conn {
 public:
  virtual ~Conn() = default;
  /** Connects, authenticates and prepares the program's statements; blocking, on the engine's thread. */
  virtual bool open(const Program& program, std::string& err) = 0;
  virtual int fd() const = 0;
  /** Starts a statement; its completion comes from onEvent (or at once into `done`). */
  virtual void send(int tag, const Program& program, int stmt, const std::vector<Value>& params,
                    std::vector<Completion>& done) = 0;
  virtual void onEvent(uint32_t events, std::vector<Completion>& done) = 0;
  /** Ends a batch of sends (one pipeline sync for every statement queued since the last). */
  virtual void sync(std::vector<Completion>& done) {}
  /**
   * The connection has its thread to itself, with one client: nothing else waits while that client
   * waits for its answer, so the connection may wait for it in a blocking read (bounded, so that
   * the loop still sees stop() and its timers within a fraction of a second).
   */
  virtual void exclusive() {}
  /** The epoll events it waits for now. */
  virtual uint32_t wantEvents() const = 0;
  virtual bool dead() const = 0;
};

std::unique_ptr<Conn> makePgConn(const ConnConfig& cfg);
std::unique_ptr<Conn> makeMyConn(const ConnConfig& cfg);

/**
 * Makes a plain socket blocking with its reads and writes bounded (SO_RCVTIMEO, SO_SNDTIMEO), for
 * Conn::exclusive: a read that runs out reports "would block" and the loop waits in epoll, where
 * stop() reaches it. Returns false, with the socket as it was, where that cannot be done.
 */
bool blockBounded(int fd);

/** The statement's SQL with literals in place of its placeholders (pgbench -M simple). */
std::string inlineSql(const Statement& s, const std::vector<Value>& params, bool backslashEscapes);

}  // namespace bp
