// verify's report, as the command prints it (docs/audit.md).
#include <ostream>
#include <string>

#include "shortlist/audit.hpp"
#include "shortlist/version.hpp"

namespace shortlist {

namespace {

std::string short_hash(const std::optional<std::string>& h) {
    return h ? h->substr(0, 16) : std::string("(not hashed)");
}

void write_input(std::ostream& os, const InputCheck& c) {
    const AuditFile& in = c.recorded;
    os << "  input " << in.role << " " << in.path;
    switch (c.state) {
        case InputCheck::State::NotHashed:
            os << ": not hashed when run (a pipe or device): cannot be checked\n";
            break;
        case InputCheck::State::Missing:
            os << ": missing\n";
            break;
        case InputCheck::State::Changed:
            os << ": changed\n    recorded sha256 " << *in.sha256 << "\n    now      sha256 "
               << c.sha256_now << "\n";
            break;
        case InputCheck::State::Unchanged:
            os << ": unchanged (sha256 " << short_hash(in.sha256) << "...)\n";
            break;
    }
}

void write_output(std::ostream& os, const OutputCheck& c) {
    switch (c.kind) {
        case OutputCheck::Kind::Missing:
            os << "  " << c.name << ": missing\n";
            return;
        case OutputCheck::Kind::Hash:
            if (c.same)
                os << "  " << c.name << ": identical to the recorded sha256\n";
            else
                os << "  " << c.name << ": the re-run's sha256 " << c.rerun_sha256
                   << " is not the recorded " << short_hash(c.recorded_sha256) << "...\n";
            return;
        case OutputCheck::Kind::Bytes:
            if (c.changed_since_run)
                os << "  note: " << c.name
                   << " has changed since the run (not its recorded sha256)\n";
            if (c.same)
                os << "  " << c.name << ": identical (" << c.bytes << " bytes)\n";
            else
                os << "  " << c.name << ": differs; " << c.first_difference;
            return;
    }
}

}  // namespace

void write_text(std::ostream& os, const Verification& v) {
    const AuditRecord& rec = v.record;
    os << "verify: shortlist " << rec.command << ", run " << rec.time << " with shortlist "
       << rec.version << "\n";
    if (rec.version != version_string)
        os << "  note: this is shortlist " << version_string
           << "; a difference may come from the version\n";
    for (const auto& in : v.inputs)
        write_input(os, in);
    if (v.outcome == VerifyOutcome::InputsChanged) {
        os << "not reproduced: the inputs are not the ones recorded; not re-run\n";
        return;
    }
    if (v.rerun_failure) {
        os << "not reproduced: " << *v.rerun_failure << "\n";
        return;
    }
    for (const auto& o : v.outputs)
        write_output(os, o);
    if (v.outputs.empty())
        os << "not reproduced: the record names no output to compare\n";
    else if (v.outcome == VerifyOutcome::Reproduced)
        os << "reproduced\n";
    else
        os << "not reproduced\n";
}

}  // namespace shortlist
