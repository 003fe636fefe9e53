// Native load engine: the N-API surface, loaded by main/native/index.ts inside a benchmark
// worker thread. Called once per run to start, once per interval to flush figures, once to stop;
// never per query. C++ exceptions become JavaScript errors (NAPI_CPP_EXCEPTIONS).
#include <napi.h>

#include "engine.h"

namespace {

using namespace bp;

std::string str(const Napi::Object& o, const char* key) {
  Napi::Value v = o.Get(key);
  return v.IsString() ? v.As<Napi::String>().Utf8Value() : std::string();
}
double num(const Napi::Object& o, const char* key, double fallback = 0) {
  Napi::Value v = o.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : fallback;
}
bool flag(const Napi::Object& o, const char* key) {
  Napi::Value v = o.Get(key);
  return v.IsBoolean() && v.As<Napi::Boolean>().Value();
}
Napi::Array arr(const Napi::Object& o, const char* key) {
  Napi::Value v = o.Get(key);
  if (!v.IsArray()) throw Napi::TypeError::New(o.Env(), std::string("native engine: ") + key + " must be an array");
  return v.As<Napi::Array>();
}
std::vector<double> numbers(const Napi::Array& a) {
  std::vector<double> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); i++) out[i] = a.Get(i).As<Napi::Number>().DoubleValue();
  return out;
}
std::vector<std::string> strings(const Napi::Array& a) {
  std::vector<std::string> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); i++) out[i] = a.Get(i).As<Napi::String>().Utf8Value();
  return out;
}

Program readProgram(const Napi::Object& o) {
  Program p;
  Napi::Array stmts = arr(o, "statements");
  for (uint32_t i = 0; i < stmts.Length(); i++) {
    Napi::Object s = stmts.Get(i).As<Napi::Object>();
    Statement st;
    st.name = str(s, "name");
    st.sql = str(s, "sql");
    st.parts = strings(arr(s, "parts"));
    st.txControl = flag(s, "txControl");
    st.cls = (int)num(s, "cls");
    p.statements.push_back(st);
  }
  Napi::Array txns = arr(o, "txns");
  for (uint32_t i = 0; i < txns.Length(); i++) {
    Napi::Object t = txns.Get(i).As<Napi::Object>();
    Txn txn;
    txn.name = str(t, "name");
    txn.weight = num(t, "weight", 1);
    txn.statements = (int)num(t, "statements");
    txn.inTransaction = flag(t, "inTransaction");
    Napi::Array steps = arr(t, "steps");
    for (uint32_t k = 0; k < steps.Length(); k++) {
      Napi::Object s = steps.Get(k).As<Napi::Object>();
      std::string op = str(s, "op");
      Step step;
      if (op == "set") {
        step.op = STEP_SET;
        step.slot = (int)num(s, "slot");
        step.code = numbers(arr(s, "code"));
      } else if (op == "sleep") {
        step.op = STEP_SLEEP;
        step.unitUs = num(s, "unitUs");
        step.code = numbers(arr(s, "code"));
      } else {
        step.op = STEP_SQL;
        step.stmt = (int)num(s, "stmt");
        step.pick = (int)num(s, "pick", -1);
        for (double d : numbers(arr(s, "params"))) step.params.push_back((int)d);
      }
      txn.steps.push_back(std::move(step));
    }
    p.txns.push_back(std::move(txn));
  }
  p.vars = numbers(arr(o, "vars"));
  p.patterns = strings(arr(o, "patterns"));
  p.rollback = (int)num(o, "rollback");
  p.multiStatement = flag(o, "multiStatement");
  return p;
}

Napi::Object seriesOut(Napi::Env env, Hist& h) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("count", Napi::Number::New(env, (double)h.total()));
  o.Set("sumUs", Napi::Number::New(env, h.sum()));
  o.Set("maxUs", Napi::Number::New(env, h.max()));
  std::vector<double> pairs;
  h.drain(pairs);
  Napi::Float64Array a = Napi::Float64Array::New(env, pairs.size());
  for (size_t i = 0; i < pairs.size(); i++) a[i] = pairs[i];
  o.Set("buckets", a);
  return o;
}

class NativeEngine : public Napi::ObjectWrap<NativeEngine> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "NativeEngine",
                       {InstanceMethod("waitReady", &NativeEngine::WaitReady),
                        InstanceMethod("start", &NativeEngine::Start),
                        InstanceMethod("flush", &NativeEngine::Flush),
                        InstanceMethod("stop", &NativeEngine::Stop)});
  }

  explicit NativeEngine(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeEngine>(info) {
    Napi::Object o = info[0].As<Napi::Object>();
    EngineConfig cfg;
    Napi::Object c = o.Get("conn").As<Napi::Object>();
    cfg.conn.driver = str(c, "driver");
    cfg.conn.host = str(c, "host");
    cfg.conn.port = (int)num(c, "port");
    cfg.conn.user = str(c, "user");
    cfg.conn.password = str(c, "password");
    cfg.conn.database = str(c, "database");
    cfg.conn.schema = str(c, "schema");
    cfg.conn.tls = flag(c, "tls");
    cfg.conn.tlsMode = str(c, "tlsMode");
    cfg.conn.ca = str(c, "ca");
    cfg.conn.cert = str(c, "cert");
    cfg.conn.key = str(c, "key");
    cfg.conn.passphrase = str(c, "passphrase");
    cfg.conn.simple = flag(c, "simple");
    cfg.conn.connectionCodes = strings(arr(c, "connectionCodes"));
    cfg.program = readProgram(o.Get("program").As<Napi::Object>());
    for (double d : numbers(arr(o, "connections"))) cfg.connections.push_back((int)d);
    cfg.pipeline = std::max(1, (int)num(o, "pipeline", 1));
    cfg.conn.pipeline = cfg.pipeline > 1;
    cfg.threads = std::max(1, (int)num(o, "threads", 1));
    cfg.seed = (uint32_t)num(o, "seed");
    cfg.maxTries = std::max(1, (int)num(o, "maxTries", 1));
    cfg.retryCodes = strings(arr(o, "retryCodes"));
    Napi::Array plan = arr(o, "plan");
    for (uint32_t i = 0; i < plan.Length(); i++) {
      Napi::Object s = plan.Get(i).As<Napi::Object>();
      Stage st;
      st.startMs = num(s, "startMs");
      st.threads = (int)num(s, "threads");
      Napi::Value rate = s.Get("ratePerLoop");
      st.ratePerLoop = rate.IsNumber() ? rate.As<Napi::Number>().DoubleValue() : -1;
      if (st.ratePerLoop > 0) cfg.openLoop = true;
      cfg.plan.push_back(st);
    }
    if (cfg.plan.empty()) throw Napi::Error::New(info.Env(), "native engine: the plan has no stage");
    cfg.perClass = flag(o, "perClass");
    engine_ = std::make_unique<Engine>(std::move(cfg));
    // A worker terminated without stop() (a failed run) must not leave threads and connections behind.
    env_ = info.Env();
    napi_add_env_cleanup_hook(env_, &NativeEngine::OnCleanup, this);
  }

  ~NativeEngine() override {
    napi_remove_env_cleanup_hook(env_, &NativeEngine::OnCleanup, this);
  }

 private:
  static void OnCleanup(void* self) { static_cast<NativeEngine*>(self)->engine_->stop(); }

  napi_env env_ = nullptr;

  Napi::Value WaitReady(const Napi::CallbackInfo& info) {
    std::string err = engine_->waitReady();
    return err.empty() ? info.Env().Null() : Napi::String::New(info.Env(), err);
  }

  /** start(delayMs): the clients begin that many milliseconds from now (the monotonic clock). */
  Napi::Value Start(const Napi::CallbackInfo& info) {
    double delayMs = info[0].As<Napi::Number>().DoubleValue();
    engine_->start(monoNs() + (int64_t)(std::max(0.0, delayMs) * 1e6));
    return info.Env().Undefined();
  }

  Napi::Value Flush(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Figures f;
    engine_->flush(f);
    Napi::Object o = Napi::Object::New(env);
    o.Set("txns", (double)f.txns);
    o.Set("queries", (double)f.queries);
    o.Set("failed", (double)f.failed);
    o.Set("retries", (double)f.retries);
    o.Set("reconnects", (double)f.reconnects);
    o.Set("overheadUs", f.overheadUs);
    o.Set("overheadCount", (double)f.overheadCount);
    o.Set("total", seriesOut(env, f.total));
    o.Set("service", seriesOut(env, f.service));
    o.Set("lag", seriesOut(env, f.lag));
    Napi::Array byTxn = Napi::Array::New(env, f.byTxn.size());
    for (size_t i = 0; i < f.byTxn.size(); i++) byTxn.Set((uint32_t)i, seriesOut(env, f.byTxn[i]));
    o.Set("byTxn", byTxn);
    Napi::Array byClass = Napi::Array::New(env, f.byClass.size());
    for (size_t i = 0; i < f.byClass.size(); i++) byClass.Set((uint32_t)i, seriesOut(env, f.byClass[i]));
    o.Set("byClass", byClass);
    Napi::Array errors = Napi::Array::New(env, f.errors.size());
    uint32_t k = 0;
    for (auto& [key, e] : f.errors) {
      Napi::Object x = Napi::Object::New(env);
      x.Set("count", (double)e.count);
      x.Set("code", e.code);
      x.Set("message", e.message);
      x.Set("connectionLost", e.connLost);
      errors.Set(k++, x);
    }
    o.Set("errors", errors);
    std::string fatal = engine_->fatal();
    o.Set("fatal", fatal.empty() ? env.Null() : Napi::String::New(env, fatal));
    return o;
  }

  Napi::Value Stop(const Napi::CallbackInfo& info) {
    engine_->stop();
    return info.Env().Undefined();
  }

  std::unique_ptr<Engine> engine_;
};

/** Test hook: records `values` spread over `parts` histograms as the threads would, drains each. */
Napi::Value HistogramParts(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Float64Array values = info[0].As<Napi::Float64Array>();
  size_t parts = std::max<size_t>(1, (size_t)info[1].As<Napi::Number>().Uint32Value());
  std::vector<Hist> h(parts);
  for (size_t i = 0; i < values.ElementLength(); i++) h[i % parts].record(values[i]);
  Napi::Array out = Napi::Array::New(env, parts);
  for (size_t i = 0; i < parts; i++) out.Set((uint32_t)i, seriesOut(env, h[i]));
  return out;
}

/** Test hook: the first `count` values of a client's generator and of a \set program. */
Napi::Value Draws(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Rng rng((uint32_t)info[0].As<Napi::Number>().Uint32Value(), info[1].As<Napi::Number>().Uint32Value(),
          info[2].As<Napi::Number>().Uint32Value());
  std::vector<double> code = numbers(info[3].As<Napi::Array>());
  size_t count = info[4].As<Napi::Number>().Uint32Value();
  std::vector<double> vars = numbers(info[5].As<Napi::Array>()), stack;
  Napi::Float64Array out = Napi::Float64Array::New(env, count);
  for (size_t i = 0; i < count; i++) out[i] = evalCode(code, vars, rng, stack);
  return out;
}

/** Test hook: numbers as the engine writes bound parameters into statements. */
Napi::Value FormatNumbers(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Float64Array values = info[0].As<Napi::Float64Array>();
  Napi::Array out = Napi::Array::New(env, values.ElementLength());
  std::string text;
  for (size_t i = 0; i < values.ElementLength(); i++) {
    formatNumber(values[i], text);
    out.Set((uint32_t)i, Napi::String::New(env, text));
  }
  return out;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("NativeEngine", NativeEngine::Define(env));
  exports.Set("histogramParts", Napi::Function::New(env, HistogramParts));
  exports.Set("draws", Napi::Function::New(env, Draws));
  exports.Set("formatNumbers", Napi::Function::New(env, FormatNumbers));
  exports.Set("version", Napi::Number::New(env, 1));
  return exports;
}

}  // namespace

NODE_API_MODULE(benchphant_native, Init)
