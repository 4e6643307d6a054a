DROP TABLE funding_call_tags;
DROP TABLE funding_call_deadlines;
DROP TABLE funding_calls;
