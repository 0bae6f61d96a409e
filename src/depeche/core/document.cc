#include "depeche/core/document.h"

#include <string>

namespace depeche {

const char* LangCode(Lang l) {
  switch (l) {
    case Lang::kFr: return "fr";
    case Lang::kEn: return "en";
    case Lang::kUnknown: break;
  }
  return "und";
}

Lang LangFromCode(std::string_view c) {
  if (c == "fr" || c == "fra" || c == "fre" || c == "french" || c == "FRENCH") return Lang::kFr;
  if (c == "en" || c == "eng" || c == "english" || c == "ENGLISH") return Lang::kEn;
  return Lang::kUnknown;
}

const char* LineLabelName(LineLabel l) {
  switch (l) {
    case LineLabel::kTitle: return "title";
    case LineLabel::kHeading: return "heading";
    case LineLabel::kBody: return "body";
    case LineLabel::kMeta: return "meta";
    case LineLabel::kClutter: return "clutter";
  }
  return "body";
}

const char* PosName(Pos p) {
  switch (p) {
    case Pos::kUnknown: return "X";
    case Pos::kNoun: return "NOUN";
    case Pos::kProperNoun: return "PROPN";
    case Pos::kVerb: return "VERB";
    case Pos::kAux: return "AUX";
    case Pos::kAdj: return "ADJ";
    case Pos::kAdv: return "ADV";
    case Pos::kDet: return "DET";
    case Pos::kPron: return "PRON";
    case Pos::kPrep: return "ADP";
    case Pos::kConj: return "CCONJ";
    case Pos::kNum: return "NUM";
    case Pos::kPunct: return "PUNCT";
    case Pos::kPart: return "PART";
    case Pos::kInterj: return "INTJ";
  }
  return "X";
}

std::optional<CivilDate> Document::ReferenceDate() const {
  const std::string& p = Field(&Metadata::pubdate);
  Precision prec = Precision::kNone;
  auto d = ParseIsoDate(p, &prec);
  if (!d || prec != Precision::kDay) return std::nullopt;
  return d;
}

}  // namespace depeche
