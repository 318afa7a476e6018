-- complaint/: the trainable text classifier in use at intake (投诉分类模型, text_classifier.h):
-- the model files an administrator installed, newest last. The one in use is the newest not
-- retired; installing another retires it, retiring it returns intake to the keyword rules.
-- `digest` is the SM3 of the file, which a case's classified_by names ("model:" + 16 hex digits).
CREATE TABLE complaint_classifier_models (
  id @ID@,
  digest TEXT NOT NULL,
  model TEXT NOT NULL,
  tokenizer TEXT NOT NULL,
  labels INTEGER NOT NULL,
  vocabulary INTEGER NOT NULL,
  documents INTEGER NOT NULL,
  installed_by TEXT NOT NULL,
  installed_at TEXT NOT NULL,
  retired_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_classifier_models_in_use ON complaint_classifier_models (retired_at, id);
