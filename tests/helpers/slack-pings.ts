// What a hostile document or question puts in front of the Slack adapter, and what would notify
// more people than the reader if it reached Slack live: shared by every Slack no-ping test.
export const SLACK_PINGS = 'Heads up <!channel> <!here> <!everyone> @channel @here <@U999> <!subteam^S1|ml-team>';
export const SLACK_LIVE_MENTION = /<!(channel|here|everyone|subteam)|<@U|@(channel|here|everyone)\b/;
