#include "dsegym/sim/dram/spec_loader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "dsegym/core/error.hpp"
#include "text_util.hpp"

namespace dsegym::sim::dram {

namespace {

using json = nlohmann::json;

json parse_json(std::string_view text, const std::string& source) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    const auto upto = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    const auto line = 1 + static_cast<std::size_t>(
                              std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(upto), '\n'));
    throw data_error("dram", source + ": not valid JSON: " + e.what(), line);
  }
}

std::string read_file(const std::filesystem::path& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw not_found("dram", "cannot open " + std::string(what) + " file \"" + path.string() + "\"");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Reads the fields of one JSON object; every message names the full key path.
class section {
 public:
  section(const json& parent, std::string_view key, std::string path, const std::string& source)
      : source_(source), path_(std::move(path)) {
    const auto it = parent.find(key);
    if (it == parent.end()) fail("\"" + path_ + "\" is missing");
    if (!it->is_object()) fail("\"" + path_ + "\" must be an object");
    obj_ = &*it;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw data_error("dram", source_ + ": memspec " + what);
  }

  [[nodiscard]] const json* find(std::string_view key) const {
    const auto it = obj_->find(key);
    return it == obj_->end() ? nullptr : &*it;
  }

  // First of `keys` present, else nullptr.
  [[nodiscard]] const json* find_any(std::initializer_list<std::string_view> keys,
                                     std::string_view& found) const {
    for (auto k : keys)
      if (const json* v = find(k)) {
        found = k;
        return v;
      }
    return nullptr;
  }

  [[nodiscard]] std::uint64_t to_uint(const json& v, std::string_view key) const {
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0)
      return static_cast<std::uint64_t>(v.get<std::int64_t>());
    if (v.is_number_float()) {
      const double d = v.get<double>();
      if (d >= 0 && d < 1.8e19 && std::floor(d) == d) return static_cast<std::uint64_t>(d);
    }
    fail("field \"" + path_ + "." + std::string(key) +
         "\" must be a non-negative integer, got " + v.dump());
  }

  [[nodiscard]] std::uint32_t to_u32(const json& v, std::string_view key) const {
    const std::uint64_t x = to_uint(v, key);
    if (x > std::numeric_limits<std::uint32_t>::max())
      fail("field \"" + path_ + "." + std::string(key) + "\" = " + std::to_string(x) +
           " is too large");
    return static_cast<std::uint32_t>(x);
  }

  [[nodiscard]] double to_double(const json& v, std::string_view key) const {
    if (v.is_number() && std::isfinite(v.get<double>())) return v.get<double>();
    fail("field \"" + path_ + "." + std::string(key) + "\" must be a finite number, got " +
         v.dump());
  }

  [[nodiscard]] std::string missing(std::initializer_list<std::string_view> keys) const {
    std::string s = "field \"" + path_ + "." + std::string(*keys.begin()) + "\"";
    if (keys.size() > 1) {
      s += " (or";
      for (auto it = keys.begin() + 1; it != keys.end(); ++it) s += " \"" + std::string(*it) + "\"";
      s += ")";
    }
    return s + " is missing";
  }

  [[nodiscard]] std::uint64_t required_uint64(std::initializer_list<std::string_view> keys) const {
    std::string_view k;
    if (const json* v = find_any(keys, k)) return to_uint(*v, k);
    fail(missing(keys));
  }
  [[nodiscard]] std::uint32_t required_u32(std::initializer_list<std::string_view> keys) const {
    std::string_view k;
    if (const json* v = find_any(keys, k)) return to_u32(*v, k);
    fail(missing(keys));
  }
  [[nodiscard]] std::uint32_t optional_u32(std::initializer_list<std::string_view> keys,
                                           std::uint32_t fallback) const {
    std::string_view k;
    if (const json* v = find_any(keys, k)) return to_u32(*v, k);
    return fallback;
  }
  [[nodiscard]] double required_double(std::initializer_list<std::string_view> keys) const {
    std::string_view k;
    if (const json* v = find_any(keys, k)) return to_double(*v, k);
    fail(missing(keys));
  }
  [[nodiscard]] double optional_double(std::initializer_list<std::string_view> keys,
                                       double fallback) const {
    std::string_view k;
    if (const json* v = find_any(keys, k)) return to_double(*v, k);
    return fallback;
  }

  // A DDR4 pair like CCD_S / CCD_L; a plain `base` key sets both (DDR3).
  void short_long(const std::string& base, std::uint32_t& s, std::uint32_t& l) const {
    const json* plain = find(base);
    const json* vs = find(base + "_S");
    const json* vl = find(base + "_L");
    if (!plain && !(vs && vl)) {
      if (vs || vl)
        fail("field \"" + path_ + "." + base + (vs ? "_L" : "_S") + "\" is missing (\"" + base +
             (vs ? "_S" : "_L") + "\" is given)");
      fail("field \"" + path_ + "." + base + "\" (or \"" + base + "_S\" and \"" + base +
           "_L\") is missing");
    }
    s = vs ? to_u32(*vs, base + "_S") : to_u32(*plain, base);
    l = vl ? to_u32(*vl, base + "_L") : to_u32(*plain, base);
  }

 private:
  const std::string& source_;
  std::string path_;
  const json* obj_ = nullptr;
};

}  // namespace

mem_spec parse_mem_spec(std::string_view json_text, const std::string& source) {
  const json doc = parse_json(json_text, source);
  if (!doc.is_object()) throw data_error("dram", source + ": memspec must be a JSON object");
  const bool wrapped = doc.contains("memspec");
  const json& root = wrapped ? doc.at("memspec") : doc;
  if (!root.is_object()) throw data_error("dram", source + ": \"memspec\" must be an object");
  const std::string prefix = wrapped ? "memspec." : "";

  mem_spec s;
  const auto type_it = root.find("memoryType");
  if (type_it == root.end())
    throw data_error("dram", source + ": memspec field \"" + prefix + "memoryType\" is missing");
  const std::string type = type_it->is_string() ? type_it->get<std::string>() : type_it->dump();
  if (detail::iequals(type, "DDR3")) {
    s.standard = dram_standard::ddr3;
  } else if (detail::iequals(type, "DDR4")) {
    s.standard = dram_standard::ddr4;
  } else {
    throw data_error("dram", source + ": memspec field \"" + prefix + "memoryType\" = " + type +
                                 " is not supported; valid: DDR3, DDR4");
  }
  const auto id_it = root.find("memoryId");
  s.name = (id_it != root.end() && id_it->is_string()) ? id_it->get<std::string>() : source;

  const section arch(root, "memarchitecturespec", prefix + "memarchitecturespec", source);
  auto& o = s.org;
  o.ranks = arch.optional_u32({"nbrOfRanks"}, 1);
  o.bank_groups = s.standard == dram_standard::ddr4 ? arch.required_u32({"nbrOfBankGroups"})
                                                    : arch.optional_u32({"nbrOfBankGroups"}, 1);
  o.banks = arch.required_u32({"nbrOfBanks"});
  o.rows = arch.required_uint64({"nbrOfRows"});
  o.columns = arch.required_uint64({"nbrOfColumns"});
  o.device_width_bits = arch.required_u32({"width"});
  o.devices_per_rank = arch.required_u32({"nbrOfDevices", "nbrOfDevicesOnDIMM"});
  o.burst_length = arch.required_u32({"burstLength"});
  o.data_rate = arch.required_u32({"dataRate"});

  const section tim(root, "memtimingspec", prefix + "memtimingspec", source);
  auto& t = s.timing;
  s.clock_mhz = tim.required_double({"clkMhz"});
  t.cl = tim.required_u32({"CL", "RL"});
  t.cwl = tim.required_u32({"WL", "CWL"});
  t.al = tim.optional_u32({"AL"}, 0);
  t.rcd = tim.required_u32({"RCD"});
  t.rp = tim.required_u32({"RP"});
  t.ras = tim.required_u32({"RAS"});
  t.rc = tim.required_u32({"RC"});
  tim.short_long("CCD", t.ccd_s, t.ccd_l);
  tim.short_long("RRD", t.rrd_s, t.rrd_l);
  tim.short_long("WTR", t.wtr_s, t.wtr_l);
  t.faw = tim.required_u32({"FAW"});
  t.wr = tim.required_u32({"WR"});
  t.rtp = tim.required_u32({"RTP"});
  t.rfc = tim.required_u32({"RFC", "RFC1"});
  t.refi = tim.required_u32({"REFI"});
  t.rtrs = tim.optional_u32({"RTRS"}, 1);
  t.xp = tim.optional_u32({"XP"}, 0);
  t.xpdll = tim.optional_u32({"XPDLL"}, 0);
  t.xs = tim.optional_u32({"XS"}, 0);
  t.xsdll = tim.optional_u32({"XSDLL"}, 0);
  t.cke = tim.optional_u32({"CKE"}, 0);
  t.ckesr = tim.optional_u32({"CKESR"}, 0);

  const section pow(root, "mempowerspec", prefix + "mempowerspec", source);
  auto& p = s.power;
  p.vdd_v = pow.required_double({"vdd"});
  p.vpp_v = pow.optional_double({"vpp"}, 0.0);
  p.idd0_ma = pow.required_double({"idd0"});
  p.idd2n_ma = pow.required_double({"idd2n"});
  p.idd2p0_ma = pow.optional_double({"idd2p0", "idd2p"}, 0.0);
  p.idd2p1_ma = pow.optional_double({"idd2p1", "idd2p"}, 0.0);
  p.idd3n_ma = pow.required_double({"idd3n"});
  p.idd3p0_ma = pow.optional_double({"idd3p0", "idd3p"}, 0.0);
  p.idd3p1_ma = pow.optional_double({"idd3p1", "idd3p"}, 0.0);
  p.idd4r_ma = pow.required_double({"idd4r"});
  p.idd4w_ma = pow.required_double({"idd4w"});
  p.idd5_ma = pow.required_double({"idd5", "idd5B", "idd5b"});
  p.idd6_ma = pow.optional_double({"idd6", "idd6N", "idd6n"}, 0.0);
  p.ipp0_ma = pow.optional_double({"ipp0"}, 0.0);
  p.ipp2n_ma = pow.optional_double({"ipp2n"}, 0.0);
  p.ipp3n_ma = pow.optional_double({"ipp3n"}, 0.0);
  p.ipp4r_ma = pow.optional_double({"ipp4r"}, 0.0);
  p.ipp4w_ma = pow.optional_double({"ipp4w"}, 0.0);
  p.ipp5_ma = pow.optional_double({"ipp5", "ipp5B", "ipp5b"}, 0.0);
  p.ipp6_ma = pow.optional_double({"ipp6", "ipp6N", "ipp6n"}, 0.0);

  if (auto problem = find_problem(s); !problem.empty())
    throw data_error("dram", source + ": memspec \"" + s.name + "\" is inconsistent: " + problem);
  return s;
}

mem_spec load_mem_spec(const std::filesystem::path& path) {
  return parse_mem_spec(read_file(path, "memspec"), path.string());
}

std::string to_json(const mem_spec& s) {
  const auto& o = s.org;
  const auto& t = s.timing;
  const auto& p = s.power;
  json arch = {{"nbrOfRanks", o.ranks},         {"nbrOfBankGroups", o.bank_groups},
               {"nbrOfBanks", o.banks},         {"nbrOfRows", o.rows},
               {"nbrOfColumns", o.columns},     {"width", o.device_width_bits},
               {"nbrOfDevices", o.devices_per_rank}, {"burstLength", o.burst_length},
               {"dataRate", o.data_rate}};
  json tim = {{"clkMhz", s.clock_mhz}, {"CL", t.cl},   {"WL", t.cwl},     {"AL", t.al},
              {"RCD", t.rcd},          {"RP", t.rp},   {"RAS", t.ras},    {"RC", t.rc},
              {"CCD_S", t.ccd_s},      {"CCD_L", t.ccd_l}, {"RRD_S", t.rrd_s},
              {"RRD_L", t.rrd_l},      {"WTR_S", t.wtr_s}, {"WTR_L", t.wtr_l},
              {"FAW", t.faw},          {"WR", t.wr},   {"RTP", t.rtp},    {"RFC", t.rfc},
              {"REFI", t.refi},        {"RTRS", t.rtrs}, {"XP", t.xp},    {"XPDLL", t.xpdll},
              {"XS", t.xs},            {"XSDLL", t.xsdll}, {"CKE", t.cke}, {"CKESR", t.ckesr}};
  json pow = {{"vdd", p.vdd_v},       {"vpp", p.vpp_v},       {"idd0", p.idd0_ma},
              {"idd2n", p.idd2n_ma},  {"idd2p0", p.idd2p0_ma}, {"idd2p1", p.idd2p1_ma},
              {"idd3n", p.idd3n_ma},  {"idd3p0", p.idd3p0_ma}, {"idd3p1", p.idd3p1_ma},
              {"idd4r", p.idd4r_ma},  {"idd4w", p.idd4w_ma},  {"idd5", p.idd5_ma},
              {"idd6", p.idd6_ma},    {"ipp0", p.ipp0_ma},    {"ipp2n", p.ipp2n_ma},
              {"ipp3n", p.ipp3n_ma},  {"ipp4r", p.ipp4r_ma},  {"ipp4w", p.ipp4w_ma},
              {"ipp5", p.ipp5_ma},    {"ipp6", p.ipp6_ma}};
  json doc = {{"memspec",
               {{"memoryId", s.name},
                {"memoryType", std::string(to_string(s.standard))},
                {"memarchitecturespec", std::move(arch)},
                {"memtimingspec", std::move(tim)},
                {"mempowerspec", std::move(pow)}}}};
  return doc.dump(2);
}

namespace {

constexpr std::array<std::string_view, 6> mapping_keys = {
    "BYTE_BIT", "COLUMN_BIT", "BANK_BIT", "BANKGROUP_BIT", "RANK_BIT", "ROW_BIT"};

std::vector<std::uint32_t>& mapping_field(address_mapping& m, std::size_t i) {
  switch (i) {
    case 0: return m.byte_bits;
    case 1: return m.column_bits;
    case 2: return m.bank_bits;
    case 3: return m.bank_group_bits;
    case 4: return m.rank_bits;
    default: return m.row_bits;
  }
}

}  // namespace

address_mapping parse_address_mapping(std::string_view json_text, const std::string& source) {
  const json doc = parse_json(json_text, source);
  if (!doc.is_object())
    throw data_error("dram", source + ": address mapping must be a JSON object");
  const bool wrapped = doc.contains("addressmapping");
  const json& root = wrapped ? doc.at("addressmapping") : doc;
  if (!root.is_object())
    throw data_error("dram", source + ": \"addressmapping\" must be an object");
  address_mapping m;
  for (const auto& [key, value] : root.items()) {
    const auto pos = std::find(mapping_keys.begin(), mapping_keys.end(), key);
    if (pos == mapping_keys.end())
      throw data_error("dram", source + ": unknown address mapping key \"" + key +
                                   "\"; valid: " + detail::join(mapping_keys));
    if (!value.is_array())
      throw data_error("dram", source + ": address mapping \"" + key +
                                   "\" must be a list of bit positions, got " + value.dump());
    auto& field = mapping_field(m, static_cast<std::size_t>(pos - mapping_keys.begin()));
    for (const auto& bit : value) {
      if (!bit.is_number_integer() || bit.get<std::int64_t>() < 0 || bit.get<std::int64_t>() > 63)
        throw data_error("dram", source + ": address mapping \"" + key +
                                     "\" holds " + bit.dump() + "; bits must be integers 0..63");
      field.push_back(static_cast<std::uint32_t>(bit.get<std::int64_t>()));
    }
  }
  return m;
}

address_mapping load_address_mapping(const std::filesystem::path& path) {
  return parse_address_mapping(read_file(path, "address mapping"), path.string());
}

std::string to_json(const address_mapping& map) {
  json inner = json::object();
  address_mapping copy = map;
  for (std::size_t i = 0; i < mapping_keys.size(); ++i)
    inner[std::string(mapping_keys[i])] = mapping_field(copy, i);
  return json{{"addressmapping", std::move(inner)}}.dump(2);
}

}  // namespace dsegym::sim::dram
