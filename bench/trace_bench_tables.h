#pragma once
// The columns the trace benches bulk-insert (trace/migrations/0001_trace.sql), named once for
// trace_graph_bench.cc and trace_capture_bench.cc.
#include <string>
#include <vector>

namespace zq::bench {

inline const std::vector<std::string> kTraceEventColumns = {"id",
                                                            "event_hash",
                                                            "event_id",
                                                            "event_type",
                                                            "event_time",
                                                            "event_time_zone_offset",
                                                            "record_time",
                                                            "action",
                                                            "biz_step",
                                                            "disposition",
                                                            "read_point",
                                                            "biz_location",
                                                            "error_declared",
                                                            "capture_job",
                                                            "body"};
inline const std::vector<std::string> kTraceQuantityColumns = {"event", "role", "epc_class",
                                                               "quantity", "uom"};
inline const std::vector<std::string> kTracePartyColumns = {"event", "role", "type", "id"};

}  // namespace zq::bench
