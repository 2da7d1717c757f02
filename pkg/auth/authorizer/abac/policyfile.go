package abac

import (
	"bufio"
	"bytes"
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/apis/abac"
	abacinstall "github.com/kapi-dev/kapi/pkg/apis/abac/install"
	abacv0 "github.com/kapi-dev/kapi/pkg/apis/abac/v0"
)

// policyScheme knows the policy file format only; it is separate from the served API's scheme.
var (
	policyScheme = runtime.NewScheme()
	policyCodecs = serializer.NewCodecFactory(policyScheme)
)

func init() {
	abacinstall.Install(policyScheme)
}

// lineError is a policy file error, naming the file and, when it is about a line, the line number and
// text, as kube-apiserver reports it.
type lineError struct {
	path string
	line int
	text []byte
	err  error
}

func (e lineError) Error() string {
	if e.line < 1 {
		return fmt.Sprintf("error reading policy file %s: %v", e.path, e.err)
	}
	return fmt.Sprintf("error reading policy file %s, line %d: %s: %v", e.path, e.line, e.text, e.err)
}

func (e lineError) Unwrap() error { return e.err }

// NewFromFile reads an ABAC policy file: one JSON Policy per line, blank lines and lines starting with
// "#" skipped. Lines with an apiVersion and kind are decoded as that version; lines without are v0.
func NewFromFile(path string) (PolicyList, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()

	decoder := policyCodecs.UniversalDecoder()
	var (
		policies    PolicyList
		unversioned int
		n           int
	)
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		n++
		line := scanner.Bytes()
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) == 0 || trimmed[0] == '#' {
			continue
		}
		p, isV0, err := decodeLine(decoder, line)
		if err != nil {
			return nil, lineError{path: path, line: n, text: bytes.Clone(line), err: err}
		}
		if isV0 {
			unversioned++
		}
		policies = append(policies, p)
	}
	if err := scanner.Err(); err != nil {
		return nil, lineError{path: path, err: err}
	}
	if unversioned > 0 {
		klog.Warningf("Policy file %s contained unversioned rules. See docs/admin/authorization.md#abac-mode for ABAC file format details.", path)
	}
	return policies, nil
}

// decodeLine decodes one policy line, falling back to v0 when the line names no registered version and
// kind, and reports whether it did.
func decodeLine(decoder runtime.Decoder, line []byte) (*abac.Policy, bool, error) {
	obj, _, err := decoder.Decode(line, nil, nil)
	if err == nil {
		p, ok := obj.(*abac.Policy)
		if !ok {
			return nil, false, fmt.Errorf("unrecognized object: %#v", obj)
		}
		return p, false, nil
	}
	if !runtime.IsMissingVersion(err) && !runtime.IsMissingKind(err) && !runtime.IsNotRegisteredError(err) {
		return nil, false, err
	}
	old := &abacv0.Policy{}
	if err := runtime.DecodeInto(decoder, line, old); err != nil {
		return nil, true, err
	}
	p := &abac.Policy{}
	if err := policyScheme.Convert(old, p, nil); err != nil {
		return nil, true, err
	}
	return p, true, nil
}
