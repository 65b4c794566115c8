-- OAuth records are now stored under the SHA-256 of their id (the id of a code or opaque token is
-- the token itself). Rows written before cannot be found under the new key: remove them. Grants
-- keep their ids, so remembered consents stay; apps sign the person in again without asking.
DELETE FROM "OAuthRecord" WHERE "kind" <> 'Grant';
