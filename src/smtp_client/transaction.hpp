// transaction.hpp -- one SMTP mail transaction as sendmail's usersmtp.c
// runs it for a mailer with P=[IPC]: connect (each address of the host
// in turn), the greeting, EHLO (HELO when EHLO is refused), MAIL From:
// (SIZE= and BODY=8BITMIME when the server offers them), RCPT To: for
// every recipient of the group, DATA, the message, ".", QUIT.
//
// This layer only speaks the protocol: it is given the message already
// written for the mailer (CRLF line ends, dots doubled: the deliver
// layer's put_headers()/put_body()) and returns what each stage answered,
// plus the transcript lines sendmail writes to the message's xf file for
// a 4xx/5xx reply ("... while talking to HOST:", ">>> COMMAND",
// "<<< REPLY").  What those answers mean for the recipients (defer,
// bounce, sent) is src/deliver/smtp_mailer.cpp's.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "smtp_client/reply_reader.hpp"

namespace smcf::smtp_client {

// Timeout.* in seconds (0: sendmail's default).
struct Timeouts {
  long connect = 0;    // Timeout.connect
  long iconnect = 0;   // Timeout.iconnect: the first attempt of a host
  long initial = 300;  // the greeting
  long helo = 300;
  long mail = 600;
  long rcpt = 3600;
  long datainit = 300;
  long datablock = 3600;  // writing the message
  long datafinal = 3600;  // the reply to "."
  long quit = 120;
};

// One address to try, and the host name it stands for (CurHostName:
// "[127.0.0.1]" for a literal, the MX host's name otherwise).
struct Target {
  std::string host;
  std::string address;  // numeric
};

struct Request {
  // Tried in order: a refused connection, or a 4xx / silence / a dropped
  // connection before MAIL, moves on to the next (deliver()'s host loop).
  std::vector<Target> targets;
  int port = 25;
  std::string helo_name;               // $j
  std::string sender;                  // the MAIL From: path, without <>
  std::vector<std::string> recipients; // RCPT To: paths, without <>
  // What goes on MAIL and on each RCPT when the server offers DSN
  // (" ENVID=... RET=FULL", " NOTIFY=... ORCPT=..."), else nothing.
  std::string mail_dsn;
  std::vector<std::string> rcpt_dsn;   // one per recipient (or empty)
  std::string message;                 // headers, blank line and body, CRLF, dots doubled
  long size = 0;                       // SIZE= (e_msgsize; 0: the message's length)
  std::string body_type;               // BODY= when the server offers 8BITMIME ("" : none)
  std::string auth_param;              // AUTH= (xtext, the qf's A record) when the server offers AUTH
  bool esmtp = false;                  // F=a: EHLO even when the greeting does not say "ESMTP"
  bool loop_check = true;              // not F=k: a server that greets as helo_name is ourself
  Timeouts timeouts;
  // -v: each command (">>> EHLO ...") and each reply line, as sent and read.
  std::function<void(const std::string&)> trace;
};

// Where the transaction stopped.
enum class Stage { Connect, Greeting, Helo, Mail, Rcpt, Data, DataFinal, Done };

struct RcptReply {
  Reply reply;             // the reply to its RCPT To: (code -1 when it was never sent or had none)
  std::string transcript;  // the xf lines of that exchange
};

struct Result {
  Stage stage = Stage::Connect;  // Done: the message was accepted (or every RCPT refused)
  // The reply that stopped it (or the final reply to "."); for a
  // connection failure, error/err_no say why.
  Reply reply;
  std::string phase;           // SmtpPhase at the failure ("client greeting", "client DATA status" ...)
  std::string command;         // the command that failure answered ("RCPT To:<bob@x>")
  std::vector<RcptReply> rcpts;  // one per Request::recipients, in order
  // xf lines ("... while talking to", ">>> ", "<<< ") of the exchanges
  // before the first RCPT, and of DATA and after (each RCPT's are its own,
  // so that the caller can put its verdict on the recipient right after
  // them, where sendmail writes it).
  std::string transcript;
  std::string data_transcript;
  std::string host;            // the host the failure (or success) was with (CurHostName)
  bool loops_back = false;     // stage Helo: the server called itself helo_name
  bool dsn = false;            // the server offered DSN (it reports on success itself)
  bool enhanced_codes = false; // it offered ENHANCEDSTATUSCODES (its "5.1.1"s count)
  bool write_timeout = false;  // stage DataFinal: the message could not be written in Timeout.datablock
  long too_large = 0;          // stage Mail: the message passes the server's SIZE limit (this many bytes)
};

Result run_transaction(const Request& req);

}  // namespace smcf::smtp_client
