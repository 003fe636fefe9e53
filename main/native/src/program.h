// Native load engine. The workload program (main/core/benchmark/workloads/program.ts) as C++
// data, and its \set bytecode interpreter: the same opcodes, the same draws, the same results.
#pragma once
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "rng.h"

namespace bp {

enum Op {
  PUSH, LOAD, ADD, SUB, MUL, DIV, MOD, NEG, ABS, INT, LEAST, GREATEST, RANDOM, GAUSSIAN, EXPONENTIAL, ZIPFIAN,
  SB_GAUSSIAN, SB_SPECIAL, SB_PARETO
};

struct Statement {
  std::string name;
  std::string sql;
  std::vector<std::string> parts;  // SQL around its placeholders, for the simple protocol
  bool txControl = false;
  int cls = 0;
};

enum StepOp { STEP_SET, STEP_SLEEP, STEP_SQL };

struct Step {
  StepOp op;
  int slot = 0;            // set: target variable
  std::vector<double> code;  // set / sleep
  double unitUs = 0;       // sleep
  int stmt = 0, pick = -1;   // sql: statement (+ vars[pick])
  std::vector<int> params;   // sql: >= 0 variable slot, < 0 pattern -(k+1)
};

struct Txn {
  std::string name;
  double weight = 1;
  std::vector<Step> steps;
  int statements = 0;
  bool inTransaction = false;
  // A \sleep before the first statement counts in the latency, as pgbench counts it.
  bool sleepsFirst = false;
};

struct Program {
  std::vector<Statement> statements;
  std::vector<Txn> txns;
  std::vector<double> vars;
  std::vector<std::string> patterns;
  int rollback = 0;
  bool multiStatement = false;
  std::vector<double> cumulative;
};

struct EvalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline double gaussianRand(Rng& rng, double min, double max, double parameter) {
  if (parameter < 2) throw EvalError("random_gaussian() needs a parameter of at least 2");
  double stdev;
  do {
    double rand1 = 1 - rng.dbl();
    double rand2 = rng.dbl();
    stdev = std::sqrt(-2 * std::log(rand1)) * std::sin(2 * M_PI * rand2);
  } while (stdev < -parameter || stdev >= parameter);
  return min + std::trunc((max - min + 1) * ((stdev + parameter) / (parameter * 2)));
}

inline double exponentialRand(Rng& rng, double min, double max, double parameter) {
  if (parameter <= 0) throw EvalError("random_exponential() needs a positive parameter");
  double cut = std::exp(-parameter);
  double uniform = 1 - rng.dbl();
  double rand = -std::log(cut + (1 - cut) * uniform) / parameter;
  return min + std::trunc((max - min + 1) * rand);
}

inline double zipfianRand(Rng& rng, double min, double max, double s) {
  if (s <= 1 || s > 1000) throw EvalError("random_zipfian() needs a parameter above 1");
  double n = max - min + 1;
  double b = std::pow(2.0, s - 1);
  for (;;) {
    double u = rng.dbl();
    double v = rng.dbl();
    double x = std::floor(std::pow(u, -1 / (s - 1)));
    double t = std::pow(1 + 1 / x, s - 1);
    if ((v * x * (t - 1)) / (b - 1) <= t / b && x <= n) return min + x - 1;
  }
}

// sysbench's distributions (sb_rand.c), as expr.ts draws them: see sysbenchSpecial there.
inline double sysbenchGaussian(Rng& rng, double lo, double hi, double iter) {
  double t = hi - lo + 1;
  double sum = 0;
  for (int i = 0; i < (int)iter; i++) sum += rng.dbl() * t;
  return lo + std::trunc(sum * (1 / iter));
}

inline double sysbenchSpecial(Rng& rng, double lo, double hi, double pct, double res, double iter) {
  double t = hi - lo;
  double rnd = rng.dbl();
  if (rnd * (t * (100 / (100 - res))) < t) {
    double sum = 0;
    for (int i = 0; i < (int)iter; i++) sum += rng.dbl();
    return std::trunc(lo + sum * t * (1 / iter));
  }
  return lo + std::trunc(rnd * (t * (pct / 100) + 1) + (t / 2 - t * (pct / 200)));
}

inline double sysbenchPareto(Rng& rng, double lo, double hi, double power) {
  return lo + std::trunc((hi - lo + 1) * std::pow(rng.dbl(), power));
}

inline bool isInteger(double v) { return std::isfinite(v) && std::trunc(v) == v; }

/** Runs `code` over the client's variables (evalCode in expr.ts). */
inline double evalCode(const std::vector<double>& code, const std::vector<double>& vars, Rng& rng,
                       std::vector<double>& stack) {
  size_t sp = 0;
  if (stack.size() < code.size() + 1) stack.resize(code.size() + 1);
  for (size_t pc = 0; pc < code.size();) {
    int op = (int)code[pc++];
    switch (op) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case LOAD: {
        size_t slot = (size_t)code[pc++];
        stack[sp++] = slot < vars.size() ? vars[slot] : 0;
        break;
      }
      case NEG: stack[sp - 1] = -stack[sp - 1]; break;
      case ABS: stack[sp - 1] = std::fabs(stack[sp - 1]); break;
      case INT: stack[sp - 1] = std::trunc(stack[sp - 1]); break;
      case LEAST:
      case GREATEST: {
        size_t n = (size_t)code[pc++];
        double r = stack[sp - n];
        for (size_t k = sp - n + 1; k < sp; k++) r = op == LEAST ? std::fmin(r, stack[k]) : std::fmax(r, stack[k]);
        sp -= n;
        stack[sp++] = r;
        break;
      }
      case RANDOM: {
        double hi = stack[--sp];
        double lo = stack[sp - 1];
        stack[sp - 1] = lo + std::floor(rng.dbl() * (hi - lo + 1));
        break;
      }
      case GAUSSIAN:
      case EXPONENTIAL:
      case ZIPFIAN: {
        double p = stack[--sp];
        double hi = stack[--sp];
        double lo = stack[sp - 1];
        stack[sp - 1] = op == GAUSSIAN ? gaussianRand(rng, lo, hi, p)
                        : op == EXPONENTIAL ? exponentialRand(rng, lo, hi, p)
                                            : zipfianRand(rng, lo, hi, p);
        break;
      }
      case SB_GAUSSIAN:
      case SB_PARETO: {
        double p = stack[--sp];
        double hi = stack[--sp];
        double lo = stack[sp - 1];
        stack[sp - 1] = op == SB_GAUSSIAN ? sysbenchGaussian(rng, lo, hi, p) : sysbenchPareto(rng, lo, hi, p);
        break;
      }
      case SB_SPECIAL: {
        double iter = stack[--sp];
        double res = stack[--sp];
        double pct = stack[--sp];
        double hi = stack[--sp];
        double lo = stack[sp - 1];
        stack[sp - 1] = sysbenchSpecial(rng, lo, hi, pct, res, iter);
        break;
      }
      default: {
        double b = stack[--sp];
        double a = stack[sp - 1];
        double r;
        if (op == ADD) r = a + b;
        else if (op == SUB) r = a - b;
        else if (op == MUL) r = a * b;
        else if (op == DIV) {
          if (b == 0) throw EvalError("division by zero in \\set expression");
          r = isInteger(a) && isInteger(b) ? std::trunc(a / b) : a / b;
        } else r = std::fmod(a, b);
        stack[sp - 1] = r;
      }
    }
  }
  return stack[0];
}

/** A sysbench template: '#' a random digit, '@' a random lower-case letter. */
inline void fillPattern(const std::string& pattern, Rng& rng, std::string& out) {
  out.clear();
  for (char ch : pattern) {
    if (ch == '#') out.push_back((char)('0' + (int)rng.integer(0, 9)));
    else if (ch == '@') out.push_back((char)('a' + (int)rng.integer(0, 25)));
    else out.push_back(ch);
  }
}

inline int pickTxn(const std::vector<double>& cumulative, Rng& rng) {
  if (cumulative.size() == 1) return 0;
  double r = rng.dbl() * cumulative.back();
  size_t i = 0;
  while (r >= cumulative[i]) i++;
  return (int)i;
}

/** A number as JavaScript's String() writes it, for the integers workloads bind. */
inline void formatNumber(double v, std::string& out) {
  char buf[40];
  // Every bound key is an integer: written by hand, not by snprintf's "%.0f", which cost more per
  // query than the rest of building the statement. Same digits (and -0 is "0", as in JavaScript).
  if (isInteger(v) && std::fabs(v) < 9e15) {
    long long n = (long long)v;
    unsigned long long u = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
    char* end = buf + sizeof buf;
    char* p = end;
    do {
      *--p = (char)('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (n < 0) *--p = '-';
    out.assign(p, (size_t)(end - p));
    return;
  }
  if (isInteger(v) && std::fabs(v) < 1e21) snprintf(buf, sizeof buf, "%.0f", v);
  else snprintf(buf, sizeof buf, "%.17g", v);
  out.assign(buf);
}

}  // namespace bp
