"""Build the shortlist Python package: setuptools drives CMake.

The extension module shortlist._core (src/python/) is compiled by the
project's own CMakeLists.txt with SHORTLIST_BUILD_PYTHON=ON and everything
else off, straight into the package directory of the build. Nothing is
downloaded: pybind11, yaml-cpp, Eigen, Boost and OpenSSL (libcrypto) come
from the system, and so do libxlsxwriter, liborcus and zlib, since the module
reads .xlsx evidence as the CLI does (SHORTLIST_WITH_XLSX=ON: a missing one
stops the build instead of leaving a module without it; .ci/install-deps
installs them all). CMAKE_ARGS in the environment adds CMake options (after
these, so -DSHORTLIST_WITH_XLSX=OFF there builds without Excel);
CMAKE_BUILD_PARALLEL_LEVEL sets the build's jobs (else the generator's
default); ccache is used when it is installed.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def project_version() -> str:
    """The one version: project(shortlist VERSION ...) in CMakeLists.txt."""
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    match = re.search(r"project\(shortlist\s+VERSION\s+([0-9.]+)", text)
    if match is None:
        raise RuntimeError("no project(shortlist VERSION ...) in CMakeLists.txt")
    return match.group(1)


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        output = Path(self.get_ext_fullpath(ext.name)).resolve().parent
        build = Path(self.build_temp).resolve() / "cmake"
        build.mkdir(parents=True, exist_ok=True)
        args = [
            "cmake", "-S", str(ROOT), "-B", str(build),
            "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython3_EXECUTABLE={sys.executable}",
            "-DSHORTLIST_BUILD_PYTHON=ON",
            f"-DSHORTLIST_PYTHON_OUTPUT_DIR={output}",
        ]
        for option in ("TESTS", "EXAMPLES", "BENCH", "CLI", "C"):
            args.append(f"-DSHORTLIST_BUILD_{option}=OFF")
        args += ["-DSHORTLIST_INSTALL=OFF", "-DSHORTLIST_WITH_XLSX=ON"]
        if shutil.which("ninja"):
            args += ["-G", "Ninja"]
        if shutil.which("ccache"):
            args.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        args += os.environ.get("CMAKE_ARGS", "").split()
        subprocess.run(args, check=True)
        # cmake --build reads CMAKE_BUILD_PARALLEL_LEVEL itself.
        subprocess.run(["cmake", "--build", str(build), "--target", "shortlist_python"],
                       check=True)


setup(
    version=project_version(),
    ext_modules=[CMakeExtension("shortlist._core")],
    cmdclass={"build_ext": CMakeBuild},
    zip_safe=False,
)
