# The Python side of our pulumi-language-python (the host runs it with `python -u -c`): connects
# the pulumi SDK to the engine and resource monitor the host names, then runs the program, as
# the official host's pulumi-language-python-exec does (the PyPI package does not ship that).
import argparse
import asyncio
import logging
import os
import runpy
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor

try:
    import pulumi
    import pulumi.runtime
except ImportError as e:
    sys.exit(
        f"pulumi-language-python: {sys.executable} cannot import the Pulumi SDK ({e}). Install it "
        "into the project's virtualenv (runtime.options.virtualenv in Pulumi.yaml) or, without "
        f"one, into this python: {sys.executable} -m pip install pulumi"
    )

# The exit code after the error was reported to the engine (the host then adds nothing).
REPORTED = 32

ap = argparse.ArgumentParser(prog="pulumi-language-python-exec")
for name in ("monitor", "engine", "project", "stack", "organization", "root_directory", "pwd"):
    ap.add_argument("--" + name)
ap.add_argument("--parallel", type=int, default=0)
ap.add_argument("--dry_run", action="store_true")
ap.add_argument("program")
ap.add_argument("args", nargs="*")
args = ap.parse_args()

pulumi.runtime.set_all_config(
    pulumi.runtime.get_config_env(), pulumi.runtime.get_config_secret_keys_env()
)
settings = pulumi.runtime.Settings(
    monitor=args.monitor,
    engine=args.engine,
    project=args.project,
    stack=args.stack,
    parallel=args.parallel or None,
    dry_run=args.dry_run,
    organization=args.organization,
    root_directory=args.root_directory,
)
pulumi.runtime.configure(settings)
sys.argv = [args.program, *args.args]
if args.pwd:
    os.chdir(args.pwd)

# A failed deployment leaves futures unobserved on purpose; asyncio's complaints about them
# would only be noise.
logging.getLogger("asyncio").setLevel(logging.CRITICAL)
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
# The SDK's RPCs run in the loop's executor: as many threads as the official host gives them.
executor = ThreadPoolExecutor(max_workers=max(args.parallel, 1) * 4)
loop.set_default_executor(executor)

program = os.path.abspath(args.program)
if os.path.isdir(program):
    program = os.path.join(program, "__main__.py")
    if not os.path.exists(program):
        pulumi.log.error(f"no Python program: {program} does not exist")
        sys.exit(REPORTED)


def user_traceback(error):
    """The traceback from the program's own first frame on (the SDK's and ours are noise)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [i for i, frame in enumerate(frames) if os.path.abspath(frame.filename) == program]
    lines = traceback.format_list(frames[ours[0] if ours else 0 :])
    lines += traceback.format_exception_only(error)
    return "".join(["Traceback (most recent call last):\n", *lines])


code = 0
try:
    loop.run_until_complete(
        pulumi.runtime.run_in_stack(lambda: runpy.run_path(args.program, run_name="__main__"))
    )
except pulumi.RunError as e:
    pulumi.log.error(str(e))
    code = REPORTED
except Exception as e:  # any failure of the program: report it with its traceback
    pulumi.log.error("Program failed with an unhandled exception:\n" + user_traceback(e))
    code = REPORTED
finally:
    executor.shutdown(wait=True)
    loop.close()
    sys.stdout.flush()
    sys.stderr.flush()
sys.exit(code)
