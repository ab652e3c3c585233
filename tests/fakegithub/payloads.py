"""JSON bodies in the shapes GitHub's REST API v3 returns, built from the data model.

The fields are the ones GitHub sends (and PyGithub reads): a list item that lacks a
field PyGithub asks for would make PyGithub fetch the object again, so the shapes are
kept complete enough that reading the usual attributes costs no extra request.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tests.fakegithub.model import (
    COMMUNITY_FILES,
    FakeComment,
    FakeIssue,
    FakeLabel,
    FakeRelease,
    FakeRepo,
    FakeUser,
    FakeWorkflowRun,
)

LICENSE_NAMES = {
    "MIT": "MIT License",
    "Apache-2.0": "Apache License 2.0",
    "BSD-3-Clause": 'BSD 3-Clause "New" or "Revised" License',
    "GPL-3.0": "GNU General Public License v3.0",
}


def iso(moment: datetime | None) -> str | None:
    """GitHub's timestamp format: ``2024-01-15T09:30:00Z``."""
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def node_id(kind: str, number: int) -> str:
    return base64.b64encode(f"0:{kind}{number}".encode()).decode()


def sha_of(*parts: object) -> str:
    return hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()  # noqa: S324 - ids


@dataclass(frozen=True)
class Urls:
    """The server's three roots: the REST API, the web pages and git over HTTP."""

    api: str  # http://127.0.0.1:PORT/api/v3
    web: str  # http://127.0.0.1:PORT
    git: str  # http://127.0.0.1:PORT/git

    def user(
        self, user: FakeUser | str, users: dict[str, FakeUser] | None = None
    ) -> dict[str, Any]:
        """A "simple user" as embedded in issues, stargazers, owners..."""
        if isinstance(user, str):
            user = (users or {}).get(user) or FakeUser(user, id=_stable_id(user))
        login = user.login
        api = f"{self.api}/users/{login}"
        return {
            "login": login,
            "id": user.id,
            "node_id": node_id("User", user.id),
            "avatar_url": f"{self.web}/avatars/{login}",
            "gravatar_id": "",
            "url": api,
            "html_url": f"{self.web}/{login}",
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "type": user.type,
            "user_view_type": "public",
            "site_admin": False,
        }

    def full_user(self, user: FakeUser, *, authenticated: bool = False) -> dict[str, Any]:
        """GET /user and GET /users/{login}."""
        data = self.user(user)
        data |= {
            "name": user.name,
            "company": None,
            "blog": "",
            "location": None,
            "email": None,
            "hireable": None,
            "bio": None,
            "twitter_username": None,
            "public_repos": 0,
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "created_at": iso(user.created_at),
            "updated_at": iso(user.created_at),
        }
        if authenticated:
            data |= {
                "private_gists": 0,
                "total_private_repos": 0,
                "owned_private_repos": 0,
                "disk_usage": 0,
                "collaborators": 0,
                "two_factor_authentication": True,
                "plan": {
                    "name": "free",
                    "space": 976562499,
                    "collaborators": 0,
                    "private_repos": 10000,
                },
            }
        return data

    def org(self, org: FakeUser) -> dict[str, Any]:
        """GET /orgs/{org}."""
        api = f"{self.api}/orgs/{org.login}"
        return {
            "login": org.login,
            "id": org.id,
            "node_id": node_id("Organization", org.id),
            "url": api,
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events",
            "hooks_url": f"{api}/hooks",
            "issues_url": f"{api}/issues",
            "members_url": f"{api}/members{{/member}}",
            "public_members_url": f"{api}/public_members{{/member}}",
            "avatar_url": f"{self.web}/avatars/{org.login}",
            "description": None,
            "name": org.name,
            "company": None,
            "blog": "",
            "location": None,
            "email": None,
            "is_verified": False,
            "has_organization_projects": True,
            "has_repository_projects": True,
            "public_repos": 0,
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "html_url": f"{self.web}/{org.login}",
            "created_at": iso(org.created_at),
            "updated_at": iso(org.created_at),
            "type": "Organization",
        }

    def license_summary(self, spdx: str | None) -> dict[str, Any] | None:
        if spdx is None:
            return None
        return {
            "key": spdx.lower(),
            "name": LICENSE_NAMES.get(spdx, spdx),
            "spdx_id": spdx,
            "url": f"{self.api}/licenses/{spdx.lower()}",
            "node_id": node_id("License", len(spdx)),
        }

    def repo(self, repo: FakeRepo, users: dict[str, FakeUser]) -> dict[str, Any]:
        """The full repository object (GET /repos/{o}/{r}, POST .../repos)."""
        api = f"{self.api}/repos/{repo.full_name}"
        owner = users.get(repo.owner) or FakeUser(repo.owner, id=_stable_id(repo.owner))
        data: dict[str, Any] = {
            "id": repo.id,
            "node_id": node_id("Repository", repo.id),
            "name": repo.name,
            "full_name": repo.full_name,
            "private": repo.private,
            "owner": self.user(owner),
            "html_url": f"{self.web}/{repo.full_name}",
            "description": repo.description or None,
            "fork": False,
            "url": api,
        }
        for rel in (
            "forks",
            "keys",
            "collaborators",
            "teams",
            "hooks",
            "events",
            "assignees",
            "branches",
            "tags",
            "blobs",
            "git/tags",
            "git/refs",
            "trees",
            "statuses",
            "languages",
            "stargazers",
            "contributors",
            "subscribers",
            "subscription",
            "commits",
            "git/commits",
            "comments",
            "issues/comments",
            "contents",
            "compare",
            "merges",
            "archive",
            "downloads",
            "issues",
            "pulls",
            "milestones",
            "notifications",
            "labels",
            "releases",
            "deployments",
        ):
            data[rel.replace("/", "_").replace("issues_comments", "issue_comment") + "_url"] = (
                f"{api}/{rel}"
            )
        data |= {
            "created_at": iso(repo.created_at),
            "updated_at": iso(repo.pushed_at or repo.created_at),
            "pushed_at": iso(repo.pushed_at or repo.created_at),
            "git_url": f"{self.git}/{repo.full_name}.git".replace("http", "git", 1),
            "ssh_url": f"git@127.0.0.1:{repo.full_name}.git",
            "clone_url": f"{self.git}/{repo.full_name}.git",
            "svn_url": f"{self.web}/{repo.full_name}",
            "homepage": repo.homepage,
            "size": 0,
            "stargazers_count": repo.stargazers_count,
            "watchers_count": repo.stargazers_count,
            "language": repo.language,
            "has_issues": True,
            "has_projects": True,
            "has_downloads": True,
            "has_wiki": True,
            "has_pages": False,
            "has_discussions": repo.has_discussions,
            "forks_count": repo.forks_count,
            "mirror_url": None,
            "archived": False,
            "disabled": False,
            "open_issues_count": repo.open_issues_count,
            "license": self.license_summary(repo.license_spdx),
            "allow_forking": True,
            "is_template": False,
            "web_commit_signoff_required": False,
            "topics": list(repo.topics),
            "visibility": "private" if repo.private else "public",
            "forks": repo.forks_count,
            "open_issues": repo.open_issues_count,
            "watchers": repo.stargazers_count,
            "default_branch": repo.default_branch,
            "permissions": {
                "admin": True,
                "maintain": True,
                "push": True,
                "triage": True,
                "pull": True,
            },
            "network_count": repo.forks_count,
            "subscribers_count": 1,
        }
        return data

    def fork(
        self, full_name: str, created_at: datetime, users: dict[str, FakeUser]
    ) -> dict[str, Any]:
        owner, name = full_name.split("/", 1)
        data = self.repo(
            FakeRepo(owner, name, created_at=created_at, id=_stable_id(full_name)), users
        )
        data["fork"] = True
        return data

    def label(self, repo: FakeRepo, label: FakeLabel) -> dict[str, Any]:
        return {
            "id": label.id,
            "node_id": node_id("Label", label.id),
            "url": f"{self.api}/repos/{repo.full_name}/labels/{label.name.replace(' ', '%20')}",
            "name": label.name,
            "color": label.color,
            "default": label.name in {"bug", "documentation", "enhancement", "good first issue"},
            "description": label.description,
        }

    def issue(self, repo: FakeRepo, issue: FakeIssue, users: dict[str, FakeUser]) -> dict[str, Any]:
        """An issue as listed by /issues (pull requests carry a ``pull_request`` key)."""
        api = f"{self.api}/repos/{repo.full_name}"
        labels = {label.name: label for label in repo.labels}
        kind = "pull" if issue.is_pull else "issues"
        data: dict[str, Any] = {
            "url": f"{api}/issues/{issue.number}",
            "repository_url": api,
            "labels_url": f"{api}/issues/{issue.number}/labels{{/name}}",
            "comments_url": f"{api}/issues/{issue.number}/comments",
            "events_url": f"{api}/issues/{issue.number}/events",
            "html_url": f"{self.web}/{repo.full_name}/{kind}/{issue.number}",
            "id": issue.id,
            "node_id": node_id("Issue", issue.id),
            "number": issue.number,
            "title": issue.title,
            "user": self.user(issue.author, users),
            "labels": [
                self.label(repo, labels.get(name) or FakeLabel(name, id=_stable_id(name)))
                for name in issue.labels
            ],
            "state": issue.state,
            "locked": False,
            "assignee": None,
            "assignees": [],
            "milestone": None,
            "comments": len(issue.comments),
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.last_update),
            "closed_at": iso(issue.closed_at),
            "author_association": "NONE",
            "active_lock_reason": None,
            "body": issue.body,
            "closed_by": None,
            "reactions": {"url": f"{api}/issues/{issue.number}/reactions", "total_count": 0},
            "timeline_url": f"{api}/issues/{issue.number}/timeline",
            "performed_via_github_app": None,
            "state_reason": "completed" if issue.state == "closed" else None,
        }
        if issue.is_pull:
            data["draft"] = issue.draft
            data["pull_request"] = {
                "url": f"{api}/pulls/{issue.number}",
                "html_url": f"{self.web}/{repo.full_name}/pull/{issue.number}",
                "diff_url": f"{self.web}/{repo.full_name}/pull/{issue.number}.diff",
                "patch_url": f"{self.web}/{repo.full_name}/pull/{issue.number}.patch",
                "merged_at": iso(issue.merged_at),
            }
        return data

    def comment(
        self, repo: FakeRepo, issue: FakeIssue, comment: FakeComment, users: dict[str, FakeUser]
    ) -> dict[str, Any]:
        api = f"{self.api}/repos/{repo.full_name}"
        html = f"{self.web}/{repo.full_name}/issues/{issue.number}"
        return {
            "url": f"{api}/issues/comments/{comment.id}",
            "html_url": f"{html}#issuecomment-{comment.id}",
            "issue_url": f"{api}/issues/{issue.number}",
            "id": comment.id,
            "node_id": node_id("IssueComment", comment.id),
            "user": self.user(comment.author, users),
            "created_at": iso(comment.created_at),
            "updated_at": iso(comment.created_at),
            "author_association": "NONE",
            "body": comment.body,
            "reactions": {"url": f"{api}/issues/comments/{comment.id}/reactions", "total_count": 0},
            "performed_via_github_app": None,
        }

    def pull(
        self,
        repo: FakeRepo,
        issue: FakeIssue,
        users: dict[str, FakeUser],
        repo_json: dict[str, Any],
        *,
        detail: bool = False,
    ) -> dict[str, Any]:
        """A pull request as listed by /pulls; ``detail`` adds GET /pulls/{n}'s extra fields."""
        api = f"{self.api}/repos/{repo.full_name}"
        issue_json = self.issue(repo, issue, users)
        data: dict[str, Any] = {
            "url": f"{api}/pulls/{issue.number}",
            "id": issue.id,
            "node_id": node_id("PullRequest", issue.id),
            "html_url": f"{self.web}/{repo.full_name}/pull/{issue.number}",
            "diff_url": f"{self.web}/{repo.full_name}/pull/{issue.number}.diff",
            "patch_url": f"{self.web}/{repo.full_name}/pull/{issue.number}.patch",
            "issue_url": f"{api}/issues/{issue.number}",
            "number": issue.number,
            "state": issue.state,
            "locked": False,
            "title": issue.title,
            "user": issue_json["user"],
            "body": issue.body,
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.last_update),
            "closed_at": iso(issue.closed_at),
            "merged_at": iso(issue.merged_at),
            "merge_commit_sha": sha_of(repo.full_name, issue.number) if issue.merged_at else None,
            "assignee": None,
            "assignees": [],
            "requested_reviewers": [],
            "requested_teams": [],
            "labels": issue_json["labels"],
            "milestone": None,
            "draft": issue.draft,
            "commits_url": f"{api}/pulls/{issue.number}/commits",
            "review_comments_url": f"{api}/pulls/{issue.number}/comments",
            "review_comment_url": f"{api}/pulls/comments{{/number}}",
            "comments_url": f"{api}/issues/{issue.number}/comments",
            "statuses_url": f"{api}/statuses/{sha_of(repo.full_name, issue.number, 'head')}",
            "head": {
                "label": f"{issue.author}:{issue.head_ref}",
                "ref": issue.head_ref,
                "sha": sha_of(repo.full_name, issue.number, "head"),
                "user": issue_json["user"],
                "repo": repo_json,
            },
            "base": {
                "label": f"{repo.owner}:{issue.base_ref}",
                "ref": issue.base_ref,
                "sha": sha_of(repo.full_name, issue.number, "base"),
                "user": repo_json["owner"],
                "repo": repo_json,
            },
            "_links": {
                "self": {"href": f"{api}/pulls/{issue.number}"},
                "html": {"href": f"{self.web}/{repo.full_name}/pull/{issue.number}"},
                "issue": {"href": f"{api}/issues/{issue.number}"},
                "comments": {"href": f"{api}/issues/{issue.number}/comments"},
            },
            "author_association": "NONE",
            "auto_merge": None,
            "active_lock_reason": None,
        }
        if detail:
            data |= {
                "merged": issue.merged_at is not None,
                "mergeable": None if issue.state == "closed" else True,
                "rebaseable": None,
                "mergeable_state": "unknown",
                "merged_by": repo_json["owner"] if issue.merged_at else None,
                "comments": len(issue.comments),
                "review_comments": 0,
                "maintainer_can_modify": False,
                "commits": 1,
                "additions": 10,
                "deletions": 2,
                "changed_files": 1,
            }
        return data

    def release(
        self, repo: FakeRepo, release: FakeRelease, users: dict[str, FakeUser]
    ) -> dict[str, Any]:
        api = f"{self.api}/repos/{repo.full_name}"
        return {
            "url": f"{api}/releases/{release.id}",
            "assets_url": f"{api}/releases/{release.id}/assets",
            "upload_url": (
                f"{self.api}/uploads/repos/{repo.full_name}/releases/{release.id}"
                "/assets{?name,label}"
            ),
            "html_url": f"{self.web}/{repo.full_name}/releases/tag/{release.tag_name}",
            "id": release.id,
            "author": self.user(release.author or repo.owner, users),
            "node_id": node_id("Release", release.id),
            "tag_name": release.tag_name,
            "target_commitish": repo.default_branch,
            "name": release.name if release.name is not None else release.tag_name,
            "draft": release.draft,
            "immutable": False,
            "prerelease": release.prerelease,
            "created_at": iso(release.created_at),
            "updated_at": iso(release.published_at or release.created_at),
            "published_at": iso(release.published_at or release.created_at),
            "assets": [],
            "tarball_url": f"{api}/tarball/{release.tag_name}",
            "zipball_url": f"{api}/zipball/{release.tag_name}",
            "body": release.body,
        }

    def tag(self, repo: FakeRepo, name: str, sha: str) -> dict[str, Any]:
        api = f"{self.api}/repos/{repo.full_name}"
        return {
            "name": name,
            "zipball_url": f"{api}/zipball/refs/tags/{name}",
            "tarball_url": f"{api}/tarball/refs/tags/{name}",
            "commit": {"sha": sha, "url": f"{api}/commits/{sha}"},
            "node_id": node_id("Ref", _stable_id(name)),
        }

    def workflow_run(
        self, repo: FakeRepo, run: FakeWorkflowRun, repo_json: dict[str, Any]
    ) -> dict[str, Any]:
        api = f"{self.api}/repos/{repo.full_name}"
        workflow_id = _stable_id(run.name)
        return {
            "id": run.id,
            "name": run.name,
            "node_id": node_id("WorkflowRun", run.id),
            "head_branch": run.head_branch,
            "head_sha": run.head_sha,
            "path": f".github/workflows/{run.name.lower().replace(' ', '-')}.yml",
            "display_title": run.name,
            "run_number": run.run_number,
            "event": run.event,
            "status": run.status,
            "conclusion": run.conclusion,
            "workflow_id": workflow_id,
            "check_suite_id": run.id + 1,
            "check_suite_node_id": node_id("CheckSuite", run.id + 1),
            "url": f"{api}/actions/runs/{run.id}",
            "html_url": f"{self.web}/{repo.full_name}/actions/runs/{run.id}",
            "pull_requests": [],
            "created_at": iso(run.created_at),
            "updated_at": iso(run.created_at),
            "actor": repo_json["owner"],
            "run_attempt": 1,
            "referenced_workflows": [],
            "run_started_at": iso(run.created_at),
            "triggering_actor": repo_json["owner"],
            "jobs_url": f"{api}/actions/runs/{run.id}/jobs",
            "logs_url": f"{api}/actions/runs/{run.id}/logs",
            "check_suite_url": f"{api}/check-suites/{run.id + 1}",
            "artifacts_url": f"{api}/actions/runs/{run.id}/artifacts",
            "cancel_url": f"{api}/actions/runs/{run.id}/cancel",
            "rerun_url": f"{api}/actions/runs/{run.id}/rerun",
            "previous_attempt_url": None,
            "workflow_url": f"{api}/actions/workflows/{workflow_id}",
            "head_commit": {
                "id": run.head_sha,
                "tree_id": sha_of(run.head_sha, "tree"),
                "message": "Update",
                "timestamp": iso(run.created_at),
                "author": {"name": repo.owner, "email": f"{repo.owner}@example.org"},
                "committer": {"name": repo.owner, "email": f"{repo.owner}@example.org"},
            },
            "repository": repo_json,
            "head_repository": repo_json,
        }

    def contributor(
        self, login: str, contributions: int, users: dict[str, FakeUser]
    ) -> dict[str, Any]:
        return self.user(login, users) | {"contributions": contributions}

    def community(self, repo: FakeRepo) -> dict[str, Any]:
        """GET /repos/{o}/{r}/community/profile."""
        api = f"{self.api}/repos/{repo.full_name}"
        web = f"{self.web}/{repo.full_name}/blob/{repo.default_branch}"
        present = repo.community.files
        paths = {
            "code_of_conduct": "CODE_OF_CONDUCT.md",
            "contributing": "CONTRIBUTING.md",
            "issue_template": ".github/ISSUE_TEMPLATE",
            "pull_request_template": ".github/pull_request_template.md",
            "license": "LICENSE",
            "readme": "README.md",
        }
        files: dict[str, Any] = {}
        for key in COMMUNITY_FILES:
            if not present.get(key):
                files[key] = None
                continue
            entry = {"url": f"{api}/contents/{paths[key]}", "html_url": f"{web}/{paths[key]}"}
            if key == "code_of_conduct":
                entry = {
                    "key": "contributor_covenant",
                    "name": "Contributor Covenant",
                    "url": f"{api}/community/code_of_conduct",
                    "html_url": f"{web}/{paths[key]}",
                }
                files["code_of_conduct_file"] = {
                    "url": f"{api}/contents/{paths[key]}",
                    "html_url": f"{web}/{paths[key]}",
                }
            if key == "license":
                summary = self.license_summary(repo.license_spdx or "MIT") or {}
                entry = summary | {"html_url": f"{web}/LICENSE"}
            files[key] = entry
        files.setdefault("code_of_conduct_file", None)
        return {
            "health_percentage": repo.community.health_percentage,
            "description": repo.community.description or repo.description or None,
            "documentation": repo.community.documentation,
            "files": files,
            "updated_at": iso(repo.pushed_at or repo.created_at),
            "content_reports_enabled": False,
        }

    def content_file(self, repo: FakeRepo, path: str, text: str) -> dict[str, Any]:
        """A file as returned by /readme and /contents/{path}."""
        api = f"{self.api}/repos/{repo.full_name}"
        raw = text.encode()
        sha = sha_of(repo.full_name, path, text)
        return {
            "type": "file",
            "encoding": "base64",
            "size": len(raw),
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "content": base64.encodebytes(raw).decode(),
            "sha": sha,
            "url": f"{api}/contents/{path}?ref={repo.default_branch}",
            "git_url": f"{api}/git/blobs/{sha}",
            "html_url": f"{self.web}/{repo.full_name}/blob/{repo.default_branch}/{path}",
            "download_url": f"{self.web}/raw/{repo.full_name}/{repo.default_branch}/{path}",
            "_links": {
                "self": f"{api}/contents/{path}?ref={repo.default_branch}",
                "git": f"{api}/git/blobs/{sha}",
                "html": f"{self.web}/{repo.full_name}/blob/{repo.default_branch}/{path}",
            },
        }

    def license_file(self, repo: FakeRepo) -> dict[str, Any]:
        """GET /repos/{o}/{r}/license."""
        spdx = repo.license_spdx or "MIT"
        data = self.content_file(repo, "LICENSE", f"{LICENSE_NAMES.get(spdx, spdx)}\n")
        data["license"] = self.license_summary(spdx)
        return data


def _stable_id(text: str) -> int:
    """A stable id for objects only known by name (users that were never added)."""
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)  # noqa: S324 - ids
