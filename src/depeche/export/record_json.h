// The JSON shapes shared by every writer of event records: an actor and a place, the same
// whether they come from the pipeline (jsonl.cc) or from the store (formats.cc).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace depeche::exporter {

using Json = nlohmann::ordered_json;

// null for an empty string.
inline Json Nullable(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

inline Json ActorRecord(const std::string& name, const std::string& affiliation,
                        const std::string& sector, const std::string& id, const std::string& post) {
  Json j;
  j["name"] = name;
  j["affiliation"] = Nullable(affiliation);
  j["sector"] = Nullable(sector);
  if (!id.empty()) j["id"] = id;
  if (!post.empty()) j["post"] = post;
  return j;
}

inline Json PlaceRecord(const std::string& name, const std::string& country,
                        std::optional<double> lat, std::optional<double> lon,
                        std::optional<int64_t> geonames_id) {
  Json j;
  j["name"] = Nullable(name);
  j["country"] = Nullable(country);
  if (lat && lon) {
    j["lat"] = *lat;
    j["lon"] = *lon;
  }
  if (geonames_id) j["geonames_id"] = *geonames_id;
  return j;
}

}  // namespace depeche::exporter
