// Python run once in each Pyodide worker after load. It cuts the bridges to JavaScript out of the interpreter
// (js, pyodide_js, pyodide, _pyodide and the finder that imports them), blocks native and network modules, makes
// randomness and clocks deterministic per call, and defines the entry points the worker calls. The worker takes
// the entry points and deletes every name from __main__, so user code (run in namespaces of its own) cannot reach
// them by name. The JavaScript side of the worker is hardened too (python.worker.ts); this is one layer of two.
export const PYTHON_PRELUDE = String.raw`
def _astra_build():
    import sys, builtins, random, time, datetime, os, io, json, traceback

    blocked = frozenset({
        'js', 'pyodide', 'pyodide_js', '_pyodide', '_pyodide_core', 'micropip', 'pyodide_http',
        'ctypes', '_ctypes', 'gc', 'socket', '_socket', 'ssl', '_ssl', 'select', 'selectors',
        'asyncio', '_asyncio', '_imp', 'faulthandler', 'tracemalloc', '_tracemalloc',
    })
    max_recursion = 1000

    def top(name):
        return name.partition('.')[0]

    class SandboxImportGuard:
        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if top(name) in blocked:
                raise ImportError("module '%s' is not available in the sandbox" % name)
            return None

    sys.meta_path[:] = [SandboxImportGuard] + [
        f for f in sys.meta_path if 'pyodide' not in getattr(type(f), '__module__', '') and type(f).__name__ != 'JsFinder'
    ]
    for name in list(sys.modules):
        if top(name) in blocked:
            del sys.modules[name]

    # Emscripten runs system() through the host's child_process; the worker disables that too.
    import posix
    for mod in (os, posix):
        for name in ('system', 'popen', 'execv', 'execve', 'fork', 'forkpty', 'posix_spawn', 'posix_spawnp'):
            if hasattr(mod, name):
                delattr(mod, name)

    real_import = builtins.__import__

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and top(name) in blocked:
            raise ImportError("module '%s' is not available in the sandbox" % name)
        return real_import(name, globals, locals, fromlist, level)

    real_setrecursionlimit = sys.setrecursionlimit

    def setrecursionlimit(limit):
        # The WASM stack overflows (a fatal error) long before Python's own check at large limits.
        real_setrecursionlimit(min(int(limit), max_recursion))

    sys.setrecursionlimit = setrecursionlimit
    real_setrecursionlimit(max_recursion)

    clock = {'ns': None}
    real = {'time_ns': time.time_ns, 'localtime': time.localtime, 'gmtime': time.gmtime}

    def now_ns():
        return clock['ns'] if clock['ns'] is not None else real['time_ns']()

    def now():
        return now_ns() / 1e9

    time.time = now
    time.time_ns = now_ns
    for fn in ('monotonic', 'perf_counter', 'process_time', 'monotonic_ns', 'perf_counter_ns'):
        if not hasattr(time, fn):
            continue
        real[fn] = getattr(time, fn)
        setattr(time, fn, (lambda f: lambda: now() if clock['ns'] is not None else real[f]())(fn))
    time.localtime = lambda secs=None: real['localtime'](now() if secs is None else secs)
    time.gmtime = lambda secs=None: real['gmtime'](now() if secs is None else secs)
    real_ctime, real_strftime = time.ctime, time.strftime
    time.ctime = lambda secs=None: real_ctime(now() if secs is None else secs)
    time.strftime = lambda fmt, t=None: real_strftime(fmt, time.localtime() if t is None else t)

    class SandboxDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls.fromtimestamp(now(), tz)

        @classmethod
        def utcnow(cls):
            return cls.fromtimestamp(now(), datetime.timezone.utc).replace(tzinfo=None)

        @classmethod
        def today(cls):
            return cls.fromtimestamp(now())

    class SandboxDate(datetime.date):
        @classmethod
        def today(cls):
            return cls.fromtimestamp(now())

    datetime.datetime = SandboxDatetime
    datetime.date = SandboxDate

    bytes_rng = random.Random(0)
    os.urandom = lambda n: bytes_rng.randbytes(n)
    random._urandom = os.urandom

    def prepare(seed, clock_ms, stdin):
        random.seed(seed)
        bytes_rng.seed(seed + 0x5EED)
        clock['ns'] = None if clock_ms is None else int(clock_ms) * 1_000_000
        sys.stdin = io.StringIO(stdin)

    def namespace():
        own = dict(builtins.__dict__)
        own['__import__'] = guarded_import
        return {'__name__': '__main__', '__builtins__': own}

    def describe(e):
        frames = traceback.format_exception(type(e), e, e.__traceback__)
        # Drop the runner's own frame so the traceback starts at the user's code.
        text = ''.join(f for f in frames if 'File "<exec>"' not in f)
        return {'type': type(e).__name__, 'message': str(e), 'traceback': text}

    def flush():
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass

    def guarded(body):
        try:
            return {'value': body()}
        except SystemExit as e:
            if e.code in (None, 0):
                return {'value': None}
            return {'error': describe(e)}
        except BaseException as e:
            return {'error': describe(e)}
        finally:
            flush()

    def encode(outcome):
        if 'value' in outcome:
            try:
                outcome = {'value': json.dumps(outcome['value'], default=str, ensure_ascii=False, sort_keys=True)}
            except BaseException as e:
                outcome = {'error': describe(e)}
        return json.dumps(outcome, ensure_ascii=False)

    def run(code, seed, clock_ms, stdin):
        prepare(seed, clock_ms, stdin)
        ns = namespace()
        return encode(guarded(lambda: exec(compile(code, '<sandbox>', 'exec'), ns)))

    compiled = {}
    sessions = {}

    def open_session(session_id, bundle_hash, setup, tools_json, seed, clock_ms):
        prepare(seed, clock_ms, '')
        ns = namespace()

        def load():
            if bundle_hash not in compiled:
                tools = json.loads(tools_json)
                compiled[bundle_hash] = (
                    compile(setup, '<setup>', 'exec'),
                    [(t['name'], compile(t['code'], '<tool %s>' % t['name'], 'exec')) for t in tools],
                )
            setup_code, tool_codes = compiled[bundle_hash]
            exec(setup_code, ns)
            for name, code in tool_codes:
                exec(code, ns)
                if not callable(ns.get(name)):
                    raise NameError("tool code does not define a function named '%s'" % name)

        outcome = guarded(load)
        if 'error' not in outcome:
            sessions[session_id] = ns
        return encode(outcome)

    def call_tool(session_id, tool, args_json, seed, clock_ms):
        prepare(seed, clock_ms, '')
        ns = sessions.get(session_id)
        if ns is None:
            return encode({'error': {'type': 'SessionNotFound', 'message': 'no open session %s' % session_id}})
        fn = ns.get(tool)
        if not callable(fn):
            return encode({'error': {'type': 'ToolNotFound', 'message': "no tool named '%s'" % tool}})
        return encode(guarded(lambda: fn(**json.loads(args_json))))

    def close_session(session_id):
        return sessions.pop(session_id, None) is not None

    return run, open_session, call_tool, close_session

_astra_entry = _astra_build()
del _astra_build
`;
