# Lotse: seekers exist only inside platform rooms (issue 7) — the homeserver's half.
#
# A Synapse module (spam checker callbacks) loaded by every Synapse the project runs (chroot,
# docker runtime, docker/compose.yaml; see scripts/src/synapseConfig.ts `modules`). For users of
# the appservice's exclusive namespace (@<user_prefix>*:<server_name>, the seekers) it refuses:
#   - creating rooms (so: no own rooms, no direct chats),
#   - inviting anyone (also by e-mail: third-party invites), publishing a room in the directory,
#   - being invited into (locally or over federation: Synapse asks user_may_invite for both), or
#     joining, a room that is not a seekers' room built by the bot: creator
#     = the appservice bot and an `org.lotse.room` state event of kind case, group or whisper.
# Everyone else is left alone (NOT_SPAM). The bridge (bridge/src/guard/SeekerGuard.ts) enforces the
# same rules on its own as a second line (e.g. for a homeserver deployed without this module).
# No logging of user ids or room content: refusals are visible to the client as 403 M_FORBIDDEN.
from typing import Any, Dict

from synapse.module_api import NOT_SPAM, ModuleApi
from synapse.module_api.errors import Codes

ROOM_MARKER = "org.lotse.room"
SEEKER_ROOM_KINDS = ("case", "group", "whisper")


class LotseSeekerGuard:
    def __init__(self, config: Dict[str, Any], api: ModuleApi):
        self._api = api
        self._prefix = "@" + config["user_prefix"]
        self._suffix = ":" + config["server_name"]
        self._bot = "@%s:%s" % (config["bot_localpart"], config["server_name"])
        api.register_spam_checker_callbacks(
            user_may_create_room=self.user_may_create_room,
            user_may_invite=self.user_may_invite,
            user_may_join_room=self.user_may_join_room,
            user_may_send_3pid_invite=self.user_may_send_3pid_invite,
            user_may_publish_room=self.user_may_publish_room,
        )

    @staticmethod
    def parse_config(config: Dict[str, Any]) -> Dict[str, Any]:
        for key in ("user_prefix", "server_name", "bot_localpart"):
            if not isinstance(config.get(key), str) or not config[key]:
                raise ValueError("lotse_seeker_guard: '%s' must be a non-empty string" % key)
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
