"""The wheel carries styles/ and the installed app finds them outside the repo.

Builds the wheel, installs it (without dependencies) into a fresh venv whose only other
path entry is this environment's site-packages (for the dependencies, not for fstui), and
starts the app headless from a directory outside the repo.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import textwrap
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    import fstui
    from fstui.locations import styles_dir
    from fstui.config import Profile
    from fstui.service import DataService
    from fstui.tui.app import FstuiApp

    assert fstui.__file__.startswith(sys.prefix), fstui.__file__
    styles = styles_dir()
    assert str(styles).startswith(sys.prefix), styles
    assert (styles / "app.tcss").is_file(), styles

    async def main():
        profile = Profile(demo=True)
        app = FstuiApp(service_factory=lambda: DataService.open(profile), profile=profile)
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(200):
                await pilot.pause(0.05)
                if type(app.screen).__name__ == "TicketQueueScreen":
                    break
            name = type(app.screen).__name__
            await app.action_quit()
        print("SCREEN", name)

    asyncio.run(main())
    """
)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_wheel_installs_and_runs_outside_the_repo(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        timeout=240,
    )
    (wheel,) = dist.glob("fstui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "fstui/styles/app.tcss" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.check_output([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    # Dependencies come from this environment; .pth files there (the editable fstui) are not processed.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        timeout=120,
    )
    help_text = subprocess.run([env_dir / "bin" / "fstui", "--help"], capture_output=True, text=True, timeout=60)
    assert help_text.returncode == 0 and "usage: fstui" in help_text.stdout, help_text.stderr

    work = tmp_path / "elsewhere"
    work.mkdir()
    result = subprocess.run([python, "-c", SCRIPT], cwd=work, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SCREEN TicketQueueScreen" in result.stdout, result.stdout + result.stderr
