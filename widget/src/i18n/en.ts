/** English, the reference: one string per key of `K` (./keys.ts), in that order; the type checks the count. */
import type { Dict } from "./keys";

export const en: Dict = [
  "Leave a Reply", // title
  "Reply to {n}", // replyTo
  "Name", // name
  "Email", // email
  "Website", // website
  "Comment", // comment
  "Your email address will not be published. Required fields are marked *", // note
  "Learn how your comment data is processed", // privacy
  "Formatting", // format
  "Post Comment", // post
  "Posting…", // posting
  "Reply", // reply
  "Cancel", // cancel
  "Edit", // edit
  "Save", // save
  "Delete", // del
  "Delete for good?", // sure
  "This comment was deleted.", // deleted
  "Your comment was updated.", // saved
  "Your comment was posted.", // posted
  "Your comment is awaiting moderation.", // pending
  "Load more comments", // more
  "Sort by", // sort
  "Oldest", // oldest
  "Newest", // newest
  "Best", // best
  "Comments", // comments
  "No comments yet. Be the first!", // none
  "Comments are closed.", // closed
  "Could not reach the comment server. Your text is kept; please try again.", // offline
  "edited", // edited
  "Anonymous", // anon
  "Link to this comment", // link
  "on", // on
  "Try again", // retry
  "This comment is not available.", // hidden
  "Email me replies", // notify
  "Like", // like
  "Report", // report
  "Spam", // spam
  "Abusive", // abuse
  "Off topic", // offTopic
  "Thank you: a moderator will look at it.", // reported
];
