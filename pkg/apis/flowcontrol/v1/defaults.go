/*
Copyright The kapi Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package v1

import (
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	"k8s.io/utils/ptr"
)

// Upstream's defaults, which clients that leave the fields out rely on.
const (
	// FlowSchemaDefaultMatchingPrecedence is the precedence of a FlowSchema that names none.
	FlowSchemaDefaultMatchingPrecedence int32 = 1000
	// PriorityLevelConfigurationDefaultNominalConcurrencyShares is the share of a limited level that
	// names none.
	PriorityLevelConfigurationDefaultNominalConcurrencyShares int32 = 30
	// QueuingDefaultQueues, QueuingDefaultHandSize and QueuingDefaultQueueLengthLimit shape the
	// queues of a queuing level that leaves them out.
	QueuingDefaultQueues           int32 = 64
	QueuingDefaultHandSize         int32 = 8
	QueuingDefaultQueueLengthLimit int32 = 50
)

// SetDefaults_FlowSchemaSpec fills in the default matching precedence.
func SetDefaults_FlowSchemaSpec(spec *flowcontrolv1.FlowSchemaSpec) {
	if spec.MatchingPrecedence == 0 {
		spec.MatchingPrecedence = FlowSchemaDefaultMatchingPrecedence
	}
}

// SetDefaults_PriorityLevelConfiguration gives an exempt level its exempt section, with no nominal
// shares and nothing to lend, so that the section is always there to edit.
func SetDefaults_PriorityLevelConfiguration(in *flowcontrolv1.PriorityLevelConfiguration) {
	if in.Spec.Type != flowcontrolv1.PriorityLevelEnablementExempt {
		return
	}
	if in.Spec.Exempt == nil {
		in.Spec.Exempt = &flowcontrolv1.ExemptPriorityLevelConfiguration{}
	}
	if in.Spec.Exempt.NominalConcurrencyShares == nil {
		in.Spec.Exempt.NominalConcurrencyShares = ptr.To[int32](0)
	}
	if in.Spec.Exempt.LendablePercent == nil {
		in.Spec.Exempt.LendablePercent = ptr.To[int32](0)
	}
}

// SetDefaults_LimitedPriorityLevelConfiguration fills in 30 nominal shares and nothing to lend. An
// explicit 0 shares stays 0: v1 allows a level that only borrows.
func SetDefaults_LimitedPriorityLevelConfiguration(in *flowcontrolv1.LimitedPriorityLevelConfiguration) {
	if in.NominalConcurrencyShares == nil {
		in.NominalConcurrencyShares = ptr.To(PriorityLevelConfigurationDefaultNominalConcurrencyShares)
	}
	if in.LendablePercent == nil {
		in.LendablePercent = ptr.To[int32](0)
	}
}

// SetDefaults_QueuingConfiguration fills in 64 queues, hands of 8 and 50 requests a queue.
func SetDefaults_QueuingConfiguration(cfg *flowcontrolv1.QueuingConfiguration) {
	if cfg.HandSize == 0 {
		cfg.HandSize = QueuingDefaultHandSize
	}
	if cfg.Queues == 0 {
		cfg.Queues = QueuingDefaultQueues
	}
	if cfg.QueueLengthLimit == 0 {
		cfg.QueueLengthLimit = QueuingDefaultQueueLengthLimit
	}
}
