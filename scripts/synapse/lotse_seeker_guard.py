# Lotse: seekers exist only inside platform rooms (issue 7) — the homeserver's half.
#
# A Synapse module (spam checker callbacks) loaded by every Synapse the project runs (chroot,
# docker runtime, docker/compose.yaml; see scripts/src/synapseConfig.ts `modules`). For users of
# the appservice's exclusive namespace (@<user_prefix>*:<server_name>, the seekers) it refuses:
#   - creating rooms (so: no own rooms, no direct chats),
#   - inviting anyone (also by e-mail: third-party invites), publishing a room in the directory,
#   - being invited into (locally or over federation: Synapse asks user_may_invite for both), or
#     joining, a room that is not a seekers' room built by the bot: creator
#     = the appservice bot and an `org.lotse.room` state event of kind case, group, whisper or forum.
#
# Seekers stay inside their pseudonym (issue 17). A seeker's name is the pseudonym the Lotse API
# registered; only the appservice sets it, through this module's endpoint
#   PUT /_synapse/client/lotse/seeker_name  {"user_id": ..., "displayname": ...}
# (the appservice's as_token as Bearer; the user must be in its exclusive namespace). The module
# keeps that name in a table of its own in Synapse's database (lotse_seeker_names: nobody's client
# can write it) and sets the profile as a server-side change. Then:
#   - a membership event (join, invite, knock) of a seeker whose displayname differs from the
#     registered name, or that carries an avatar_url, is refused (check_event_for_spam) — per-room
#     names by the seeker's own membership event, and a changed global name spreading into rooms;
#   - a global profile change of a seeker (PUT /profile/.../displayname or avatar_url with the
#     seeker's own token) cannot be refused before it is stored (Synapse offers no callback for
#     that), so on_profile_update puts it back at once, before Synapse copies the profile into the
#     seeker's rooms: the name to the registered one, the avatar removed;
#   - custom profile fields (PUT /profile/.../<field>, any other key) are removed again the same
#     way (on_profile_update): seekers carry no profile data but their pseudonym;
#   - on deactivation the registered name is forgotten.
# Media (issue 17): a seeker may upload a file only up to `seeker_media_max_bytes`
# (is_user_allowed_to_upload_media_of_size, 413 M_TOO_LARGE) and at most
# `seeker_media_daily_bytes` per 24 hours (get_media_upload_limits_for_user, 403
# M_USER_LIMIT_EXCEEDED); the media config a seeker's client reads names the per-file limit.
# Files only in the conversations the policy names (`seeker_file_room_kinds`, the policy's
# media.attachmentRoomKinds; default: case rooms): a seeker's file message (m.image, m.file,
# m.video, m.audio, a sticker, anything with a `url` or `file`) in a platform room of another kind is
# refused — where the homeserver can see it, i.e. in unencrypted rooms. In an encrypted room a file
# message is an m.room.encrypted event like any text: there the app's hidden button, the size and
# daily quota above and the moderators' redaction are what holds.
# Everyone else is left alone (NOT_SPAM). The bridge (bridge/src/guard/SeekerGuard.ts) enforces the
# same rules on its own as a second line (e.g. for a homeserver deployed without this module).
# No logging of user ids, names or room content: refusals are visible to the client as 403 M_FORBIDDEN.
import logging
from typing import Any, Dict, Optional

from synapse.module_api import (
    NOT_SPAM,
    DirectServeJsonResource,
    EventBase,
    MediaUploadLimit,
    ModuleApi,
    ProfileInfo,
    UserID,
    parse_json_object_from_request,
)
from synapse.module_api.errors import Codes, SynapseError
from synapse.types import create_requester

logger = logging.getLogger(__name__)

NAME_TABLE = "lotse_seeker_names"
NAME_ENDPOINT = "/_synapse/client/lotse/seeker_name"
DAY_MS = 24 * 60 * 60 * 1000
# Membership events that carry the member's profile.
PROFILE_MEMBERSHIPS = ("join", "invite", "knock")

ROOM_MARKER = "org.lotse.room"
SEEKER_ROOM_KINDS = ("case", "group", "whisper", "forum")
FILE_MSGTYPES = ("m.image", "m.file", "m.video", "m.audio")


class LotseSeekerGuard:
    def __init__(self, config: Dict[str, Any], api: ModuleApi):
        self._api = api
        self._prefix = "@" + config["user_prefix"]
        self._suffix = ":" + config["server_name"]
        self._bot = "@%s:%s" % (config["bot_localpart"], config["server_name"])
        # The appservice whose token may name seekers (its exclusive namespace is user_prefix).
        self._appservice_id: str = config.get("appservice_id", "lotse")
        self._media_max_bytes: int = config["seeker_media_max_bytes"]
        self._media_daily_bytes: int = config["seeker_media_daily_bytes"]
        self._file_room_kinds = tuple(config.get("seeker_file_room_kinds", ["case"]))
        self._table_ready = False
        api.register_spam_checker_callbacks(
            user_may_create_room=self.user_may_create_room,
            user_may_invite=self.user_may_invite,
            user_may_join_room=self.user_may_join_room,
            user_may_send_3pid_invite=self.user_may_send_3pid_invite,
            user_may_publish_room=self.user_may_publish_room,
            check_event_for_spam=self.check_event_for_spam,
        )
        api.register_third_party_rules_callbacks(
            on_profile_update=self.on_profile_update,
            on_user_deactivation_status_changed=self.on_user_deactivation_status_changed,
        )
        api.register_media_repository_callbacks(
            get_media_config_for_user=self.get_media_config_for_user,
            is_user_allowed_to_upload_media_of_size=self.is_user_allowed_to_upload_media_of_size,
            get_media_upload_limits_for_user=self.get_media_upload_limits_for_user,
        )
        api.register_web_resource(NAME_ENDPOINT, SeekerNameResource(self))

    @staticmethod
    def parse_config(config: Dict[str, Any]) -> Dict[str, Any]:
        for key in ("user_prefix", "server_name", "bot_localpart"):
            if not isinstance(config.get(key), str) or not config[key]:
                raise ValueError("lotse_seeker_guard: '%s' must be a non-empty string" % key)
        for key in ("seeker_media_max_bytes", "seeker_media_daily_bytes"):
            value = config.get(key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError("lotse_seeker_guard: '%s' must be a positive integer (bytes)" % key)
        kinds = config.get("seeker_file_room_kinds", ["case"])
        if not isinstance(kinds, list) or any(k not in SEEKER_ROOM_KINDS for k in kinds):
            raise ValueError("lotse_seeker_guard: 'seeker_file_room_kinds' must be a list of %s" % ", ".join(SEEKER_ROOM_KINDS))
        return config

    def _is_seeker(self, user_id: str) -> bool:
        return user_id.startswith(self._prefix) and user_id.endswith(self._suffix) and user_id != self._bot

    async def _is_seekers_room(self, room_id: str) -> bool:
        state = await self._api.get_room_state(room_id, [("m.room.create", ""), (ROOM_MARKER, "")])
        create = state.get(("m.room.create", ""))
        marker = state.get((ROOM_MARKER, ""))
        if create is None or marker is None:
            return False
        return create.sender == self._bot and marker.sender == self._bot and marker.content.get("kind") in SEEKER_ROOM_KINDS

    async def user_may_create_room(self, user_id: str, room_config: Dict[str, Any]):
        return Codes.FORBIDDEN if self._is_seeker(user_id) else NOT_SPAM

    async def user_may_invite(self, inviter: str, invitee: str, room_id: str):
        if self._is_seeker(inviter):
            return Codes.FORBIDDEN
        if self._is_seeker(invitee) and not await self._is_seekers_room(room_id):
            return Codes.FORBIDDEN
        return NOT_SPAM

    async def user_may_send_3pid_invite(self, inviter: str, medium: str, address: str, room_id: str):
        return Codes.FORBIDDEN if self._is_seeker(inviter) else NOT_SPAM

    async def user_may_publish_room(self, user_id: str, room_id: str):
        return Codes.FORBIDDEN if self._is_seeker(user_id) else NOT_SPAM

    async def user_may_join_room(self, user_id: str, room_id: str, is_invited: bool):
        if self._is_seeker(user_id) and not await self._is_seekers_room(room_id):
            return Codes.FORBIDDEN
        return NOT_SPAM

    # --- names (issue 17) -------------------------------------------------------------------

    async def _ensure_table(self) -> None:
        if self._table_ready:
            return

        def create(txn: Any) -> None:
            txn.execute(
                "CREATE TABLE IF NOT EXISTS %s (user_id TEXT PRIMARY KEY, displayname TEXT NOT NULL)" % NAME_TABLE
            )

        try:
            await self._api.run_db_interaction("lotse_seeker_names_create", create)
        except Exception:
            # Two first requests at once (or two Synapse workers) both create the table: PostgreSQL's
            # IF NOT EXISTS does not guard against a concurrent creation, the loser fails on the
            # catalogue's unique index once the winner has committed. The table exists then, so the
            # second attempt succeeds; anything else fails again and is raised.
            await self._api.run_db_interaction("lotse_seeker_names_create", create)
        self._table_ready = True

    async def registered_name(self, user_id: str) -> Optional[str]:
        await self._ensure_table()

        def get(txn: Any) -> Optional[str]:
            txn.execute("SELECT displayname FROM %s WHERE user_id = ?" % NAME_TABLE, (user_id,))
            row = txn.fetchone()
            return row[0] if row else None

        return await self._api.run_db_interaction("lotse_seeker_names_get", get)

    async def _record_name(self, user_id: str, name: Optional[str]) -> None:
        await self._ensure_table()

        def put(txn: Any) -> None:
            if name is None:
                txn.execute("DELETE FROM %s WHERE user_id = ?" % NAME_TABLE, (user_id,))
            else:
                txn.execute(
                    "INSERT INTO %s (user_id, displayname) VALUES (?, ?)"
                    " ON CONFLICT (user_id) DO UPDATE SET displayname = EXCLUDED.displayname" % NAME_TABLE,
                    (user_id, name),
                )

        await self._api.run_db_interaction("lotse_seeker_names_put", put)

    async def set_registered_name(self, user_id: str, name: str) -> None:
        """The appservice's way to name a seeker: recorded first, then the profile (server-side,
        copied into every room the seeker has joined)."""
        await self._record_name(user_id, name)
        user = UserID.from_string(user_id)
        # Every change is a membership event in each of the seeker's rooms: only when it differs.
        current = await self._api.get_profile_for_user(user.localpart)
        if current.display_name != name:
            await self._api.set_displayname(user, name)

    async def _room_kind(self, room_id: str) -> Optional[str]:
        state = await self._api.get_room_state(room_id, [(ROOM_MARKER, "")])
        marker = state.get((ROOM_MARKER, ""))
        if marker is None or marker.sender != self._bot:
            return None
        kind = marker.content.get("kind")
        return kind if isinstance(kind, str) else None

    @staticmethod
    def _is_file_event(event: EventBase) -> bool:
        if event.type == "m.sticker":
            return True
        if event.type != "m.room.message":
            return False
        content = event.content
        return content.get("msgtype") in FILE_MSGTYPES or "url" in content or "file" in content

    async def check_event_for_spam(self, event: EventBase):
        if self._is_file_event(event) and self._is_seeker(event.sender):
            kind = await self._room_kind(event.room_id)
            if kind is not None and kind not in self._file_room_kinds:
                return Codes.FORBIDDEN
            return NOT_SPAM
        if event.type != "m.room.member" or not isinstance(event.state_key, str) or not self._is_seeker(event.state_key):
            return NOT_SPAM
        content = event.content
        if content.get("membership") not in PROFILE_MEMBERSHIPS:
            return NOT_SPAM
        if content.get("avatar_url"):
            return Codes.FORBIDDEN
        registered = await self.registered_name(event.state_key)
        # A seeker the appservice has not named through this module yet (created before it): the
        # bridge's guard compares with the Lotse database instead.
        if registered is not None and content.get("displayname") != registered:
            return Codes.FORBIDDEN
        return NOT_SPAM

    async def on_profile_update(self, user_id: str, new_profile: ProfileInfo, by_admin: bool, deactivation: bool) -> None:
        if deactivation or not self._is_seeker(user_id):
            return
        await self._remove_custom_fields(user_id)
        if new_profile.avatar_url:
            # The module API has no avatar setter; the profile handler is Synapse's own way
            # (by_admin: a server-side change, not refused by enable_set_avatar_url).
            handler = self._api._hs.get_profile_handler()
            await handler.set_avatar_url(
                target_user=UserID.from_string(user_id),
                requester=create_requester(user_id),
                new_avatar_url="",
                by_admin=True,
            )
            logger.info("removed an avatar a seeker set")
        registered = await self.registered_name(user_id)
        if registered is not None and new_profile.display_name != registered:
            await self._api.set_displayname(UserID.from_string(user_id), registered)
            logger.info("put a seeker's display name back to the registered pseudonym")

    async def _remove_custom_fields(self, user_id: str) -> None:
        """Custom profile fields (PUT /profile/{user}/{field}, Synapse ≥ 1.13x, stable in the
        spec since v1.16) are profile data anyone sharing a room may read — a phone number, a
        real name. Seekers have none: whatever one set is removed again within the request. The
        store is used directly (the handler would call this callback again)."""
        store = self._api._hs.get_datastores().main
        user = UserID.from_string(user_id)
        fields = await store.get_profile_fields(user)
        for name in list(fields or {}):
            await store.delete_profile_field(user, name)
        if fields:
            logger.info("removed custom profile fields a seeker set")

    async def on_user_deactivation_status_changed(self, user_id: str, deactivated: bool, by_admin: bool) -> None:
        if deactivated and self._is_seeker(user_id):
            await self._record_name(user_id, None)

    # --- media (issue 17) -------------------------------------------------------------------

    async def get_media_config_for_user(self, user_id: str):
        if not self._is_seeker(user_id):
            return None
        return {"m.upload.size": self._media_max_bytes}

    async def is_user_allowed_to_upload_media_of_size(self, user_id: str, size: int) -> bool:
        return not self._is_seeker(user_id) or size <= self._media_max_bytes

    async def get_media_upload_limits_for_user(self, user_id: str):
        if not self._is_seeker(user_id):
            return None
        return [MediaUploadLimit(max_bytes=self._media_daily_bytes, time_period_ms=DAY_MS)]


class SeekerNameResource(DirectServeJsonResource):
    """PUT {user_id, displayname} with the appservice's token: the only way a seeker's name changes."""

    def __init__(self, guard: LotseSeekerGuard):
        super().__init__()
        self._guard = guard

    async def _async_render_PUT(self, request: Any):
        requester = await self._guard._api.get_user_by_req(request)
        body = parse_json_object_from_request(request)
        user_id = body.get("user_id")
        name = body.get("displayname")
        if requester.app_service_id != self._guard._appservice_id:
            raise SynapseError(403, "Only the appservice may name seekers", Codes.FORBIDDEN)
        if not isinstance(user_id, str) or not self._guard._is_seeker(user_id):
            raise SynapseError(400, "user_id must be a seeker of this appservice", Codes.INVALID_PARAM)
        if not isinstance(name, str) or not name.strip() or len(name) > 256:
            raise SynapseError(400, "displayname must be a non-empty string", Codes.INVALID_PARAM)
        await self._guard.set_registered_name(user_id, name)
        return 200, {}
