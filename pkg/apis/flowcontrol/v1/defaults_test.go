package v1_test

import (
	"encoding/json"
	"testing"

	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	_ "github.com/kapi-dev/kapi/pkg/apis/flowcontrol/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// specJSON defaults obj through the scheme, as a request would be, and renders its spec.
func specJSON(t *testing.T, obj runtime.Object, spec any) string {
	t.Helper()
	scheme.Scheme.Default(obj)
	data, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestFlowSchemaDefaults(t *testing.T) {
	fs := &flowcontrolv1.FlowSchema{}
	if got, want := specJSON(t, fs, &fs.Spec), `{"priorityLevelConfiguration":{"name":""},"matchingPrecedence":1000}`; got != want {
		t.Errorf("defaulted spec = %s, want %s", got, want)
	}
	fs = &flowcontrolv1.FlowSchema{Spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 7}}
	if got, want := specJSON(t, fs, &fs.Spec), `{"priorityLevelConfiguration":{"name":""},"matchingPrecedence":7}`; got != want {
		t.Errorf("defaulted spec = %s, want %s", got, want)
	}
}

func TestPriorityLevelConfigurationDefaults(t *testing.T) {
	tests := []struct {
		name string
		spec flowcontrolv1.PriorityLevelConfigurationSpec
		want string
	}{{
		name: "exempt gets its exempt section",
		spec: flowcontrolv1.PriorityLevelConfigurationSpec{Type: flowcontrolv1.PriorityLevelEnablementExempt},
		want: `{"type":"Exempt","exempt":{"nominalConcurrencyShares":0,"lendablePercent":0}}`,
	}, {
		name: "exempt keeps explicit values",
		spec: flowcontrolv1.PriorityLevelConfigurationSpec{Type: flowcontrolv1.PriorityLevelEnablementExempt, Exempt: &flowcontrolv1.ExemptPriorityLevelConfiguration{NominalConcurrencyShares: ptr.To[int32](4)}},
		want: `{"type":"Exempt","exempt":{"nominalConcurrencyShares":4,"lendablePercent":0}}`,
	}, {
		name: "limited queuing",
		spec: flowcontrolv1.PriorityLevelConfigurationSpec{Type: flowcontrolv1.PriorityLevelEnablementLimited, Limited: &flowcontrolv1.LimitedPriorityLevelConfiguration{
			LimitResponse: flowcontrolv1.LimitResponse{Type: flowcontrolv1.LimitResponseTypeQueue, Queuing: &flowcontrolv1.QueuingConfiguration{}},
		}},
		want: `{"type":"Limited","limited":{"nominalConcurrencyShares":30,"limitResponse":{"type":"Queue","queuing":{"queues":64,"handSize":8,"queueLengthLimit":50}},"lendablePercent":0}}`,
	}, {
		name: "limited with zero shares keeps them",
		spec: flowcontrolv1.PriorityLevelConfigurationSpec{Type: flowcontrolv1.PriorityLevelEnablementLimited, Limited: &flowcontrolv1.LimitedPriorityLevelConfiguration{
			NominalConcurrencyShares: ptr.To[int32](0), LendablePercent: ptr.To[int32](10),
			LimitResponse: flowcontrolv1.LimitResponse{Type: flowcontrolv1.LimitResponseTypeReject},
		}},
		want: `{"type":"Limited","limited":{"nominalConcurrencyShares":0,"limitResponse":{"type":"Reject"},"lendablePercent":10}}`,
	}, {
		name: "limited gets no exempt section",
		spec: flowcontrolv1.PriorityLevelConfigurationSpec{Type: flowcontrolv1.PriorityLevelEnablementLimited},
		want: `{"type":"Limited"}`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := &flowcontrolv1.PriorityLevelConfiguration{Spec: tt.spec}
			if got := specJSON(t, pl, &pl.Spec); got != tt.want {
				t.Errorf("defaulted spec = %s\nwant %s", got, tt.want)
			}
		})
	}
}
