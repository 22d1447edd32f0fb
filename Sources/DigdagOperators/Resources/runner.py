# Runner for digdag's py> operator.
#
# Usage: python runner.py <[package.][Class.]method> <input.json> <output.json>
#
# Reads {"params": {...}} from the input file, calls the named function (or the method of a
# fresh instance of the named class, `run` when the name is a class), and writes
# {"subtask_config", "export_params", "store_params"[, "error"]} to the output file.
# Tasks talk back through the fake module `digdag` (digdag.env.store(...), .export(...),
# .add_subtask(...), .set_state(...), .params).

import inspect
import json
import os
import sys
import traceback
import types


def _load_params(path):
    with open(path) as f:
        return json.load(f)["params"]


class _DigdagEnv(object):
    """What `digdag.env` offers to a task."""

    def __init__(self, params):
        self.params = params
        self.subtask_config = {}
        self.export_params = {}
        self.store_params = {}
        self.state_params = {}
        self.subtask_index = 0

    def set_state(self, params={}, **kwds):
        self.state_params.update(params)
        self.state_params.update(kwds)

    def export(self, params={}, **kwds):
        self.export_params.update(params)
        self.export_params.update(kwds)

    def store(self, params={}, **kwds):
        self.store_params.update(params)
        self.store_params.update(kwds)

    def add_subtask(self, function=None, **params):
        if function is None:
            config = params
        elif isinstance(function, dict):
            config = dict(function)
            config.update(params)
        else:
            config = params
            config["py>"] = "%s.%s" % (function.__module__, function.__qualname__)
        try:
            json.dumps(config)
        except Exception as e:
            raise TypeError("Parameters must be serializable using JSON: %s" % str(e))
        self.subtask_config["+subtask%d" % self.subtask_index] = config
        self.subtask_index += 1


def _install_modules(env):
    # `import digdag` and `import digdag_env` must work from task code.
    env_module = types.ModuleType("digdag_env")
    env_module.params = env.params
    env_module.subtask_config = env.subtask_config
    env_module.export_params = env.export_params
    env_module.store_params = env.store_params
    env_module.state_params = env.state_params
    sys.modules["digdag_env"] = env_module

    digdag_module = types.ModuleType("digdag")
    digdag_module.env = env
    sys.modules["digdag"] = digdag_module


def _resolve(command):
    """Returns (callable, None) for a function or (class, method name) for a class."""
    parts = command.split(".")
    attribute = parts.pop()
    try:
        module = __import__(".".join(parts), fromlist=[attribute])
        if not hasattr(module, attribute):
            raise AttributeError("Module '%s' has no attribute '%s'" % (".".join(parts), attribute))
        target = getattr(module, attribute)
        if isinstance(target, type):
            return target, "run"
        return target, None
    except ImportError:
        # `package.module.Class.method`: the last two parts are a class and its method.
        class_name = parts.pop()
        module = __import__(".".join(parts), fromlist=[class_name])
        if not hasattr(module, class_name):
            raise AttributeError("Module '%s' has no attribute '%s'" % (".".join(parts), attribute))
        return getattr(module, class_name), attribute


def _arguments(function, skip_first, params):
    """Keyword arguments for `function` taken from params by name (all params for **kwargs)."""
    if function is object.__init__:
        return {}
    spec = inspect.getfullargspec(function)
    required = len(spec.args) - len(spec.defaults or ())
    args = {}
    for index, name in enumerate(spec.args):
        if skip_first and index == 0:
            continue
        if name in params:
            args[name] = params[name]
        elif index < required:
            label = getattr(function, "__qualname__", getattr(function, "__name__", str(function)))
            raise TypeError("Method '%s' requires parameter '%s' but not set" % (label, name))
    return params if spec.varkw else args


def _call(command, params):
    target, method_name = _resolve(command)
    if method_name is None:
        return target(**_arguments(target, False, params))
    instance = target(**_arguments(target.__init__, True, params))
    method = getattr(instance, method_name)
    return method(**_arguments(method, True, params))


def _error_record(exc_type, exc_value, tb, message):
    return {
        "class": exc_value.__class__.__name__,
        "message": message,
        "backtrace": traceback.format_exception(exc_type, exc_value, tb),
    }


def _write_output(path, env, error):
    out = {
        "subtask_config": env.subtask_config,
        "export_params": env.export_params,
        "store_params": env.store_params,
    }
    if error is not None:
        out["error"] = error
    try:
        text = json.dumps(out)
    except Exception as e:
        out = {
            "subtask_config": {},
            "export_params": {},
            "store_params": {},
            "error": {"class": e.__class__.__name__, "message": str(e), "backtrace": []},
        }
        text = json.dumps(out)
        error = out["error"]
    with open(path, "w") as f:
        f.write(text)
    return error


def main(argv):
    command, in_file, out_file = argv[1], argv[2], argv[3]
    env = _DigdagEnv(_load_params(in_file))
    _install_modules(env)
    sys.path.append(os.path.abspath(os.getcwd()))

    raised = None
    error = None
    try:
        _call(command, env.params)
    except SystemExit as e:
        # A bare exit code tells users little; the usual cause is a module name that clashes
        # with the standard library (e.g. `tokenize.main`).
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        first = "Failed to call python command with code:%d" % code
        second = "Possible cause: Invalid python module call, duplicate module name with standard library"
        raised = Exception(first, second)
        error = _error_record(*sys.exc_info(), message="%s %s" % (first, second))
    except Exception as e:
        raised = e
        error = _error_record(*sys.exc_info(), message=str(e))

    if _write_output(out_file, env, error) is not None and raised is None:
        raised = TypeError(error["message"])
    if raised is not None:
        raise raised


if __name__ == "__main__":
    main(sys.argv)
