"""`!set-version` on a maintenance line's release PR (issue 15): a version tagged on another
branch or outside the line's range is refused with the reason the plan would give."""

from __future__ import annotations

from tests.release_world import ReleaseWorld

LINES = ("main", "release/*")


def test_a_pin_is_checked_against_the_line(release_world: ReleaseWorld) -> None:
    release_world.tag_main("v1.0.0")
    release_world.push(
        "release/1.x", start="origin/main", message="fix: a backport", files={"b.txt": "x\n"}
    )
    release_world.merge_change("feat: more")
    release_world.tag_main("v1.1.0")
    service = release_world.service(base="release/1.x", base_branches=LINES)

    tagged = service.check_pin("release/1.x", "1.1.0")
    assert tagged is not None
    assert tagged.startswith(
        "1.1.0 cannot be released from release/1.x: the tag v1.1.0 already exists in the "
        "repository (on a commit outside release/1.x's history); release 1.0.1 instead"
    )
    outside = service.check_pin("release/1.x", "2.0.0")
    assert outside is not None
    assert outside.startswith("2.0.0 is outside release/1.x's range 1.x")
    assert service.check_pin("release/1.x", "1.0.1") is None
    assert service.check_pin("main", "1.2.0") is None
