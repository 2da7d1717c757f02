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

package v2

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
)

// DefaultCPUUtilization is the average CPU utilization, in percent of the pods' requests, that an
// autoscaler naming no metric aims at.
const DefaultCPUUtilization int32 = 80

// The scaling rules kube-controller-manager applied before behavior could be configured: scale up
// by four pods or double, whichever is more, every 15s without stabilization; scale down to the
// minimum every 15s. The scale-down stabilization window stays unset because
// --horizontal-pod-autoscaler-downscale-stabilization chooses it.
const (
	scaleUpPods          int32 = 4
	scaleUpPercent       int32 = 100
	scaleDownPercent     int32 = 100
	scalingPeriodSeconds int32 = 15
	scaleUpStabilization int32 = 0
)

// SetDefaults_HorizontalPodAutoscaler starts an autoscaler with no lower limit at one replica, gives
// one naming no metric the CPU utilization target, and completes the scaling rules of one whose
// behavior is set.
func SetDefaults_HorizontalPodAutoscaler(obj *autoscalingv2.HorizontalPodAutoscaler) {
	if obj.Spec.MinReplicas == nil {
		minReplicas := int32(1)
		obj.Spec.MinReplicas = &minReplicas
	}
	if len(obj.Spec.Metrics) == 0 {
		obj.Spec.Metrics = []autoscalingv2.MetricSpec{CPUUtilizationMetric(DefaultCPUUtilization)}
	}
	if b := obj.Spec.Behavior; b != nil {
		b.ScaleUp = completeRules(b.ScaleUp, scaleUpRules())
		b.ScaleDown = completeRules(b.ScaleDown, scaleDownRules())
	}
}

// CPUUtilizationMetric is a Resource metric aiming at percent average CPU utilization.
func CPUUtilizationMetric(percent int32) autoscalingv2.MetricSpec {
	return autoscalingv2.MetricSpec{
		Type: autoscalingv2.ResourceMetricSourceType,
		Resource: &autoscalingv2.ResourceMetricSource{
			Name:   corev1.ResourceCPU,
			Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: &percent},
		},
	}
}

func scaleUpRules() *autoscalingv2.HPAScalingRules {
	window := scaleUpStabilization
	policy := autoscalingv2.MaxChangePolicySelect
	return &autoscalingv2.HPAScalingRules{
		StabilizationWindowSeconds: &window,
		SelectPolicy:               &policy,
		Policies: []autoscalingv2.HPAScalingPolicy{
			{Type: autoscalingv2.PodsScalingPolicy, Value: scaleUpPods, PeriodSeconds: scalingPeriodSeconds},
			{Type: autoscalingv2.PercentScalingPolicy, Value: scaleUpPercent, PeriodSeconds: scalingPeriodSeconds},
		},
	}
}

func scaleDownRules() *autoscalingv2.HPAScalingRules {
	policy := autoscalingv2.MaxChangePolicySelect
	return &autoscalingv2.HPAScalingRules{
		SelectPolicy: &policy,
		Policies: []autoscalingv2.HPAScalingPolicy{
			{Type: autoscalingv2.PercentScalingPolicy, Value: scaleDownPercent, PeriodSeconds: scalingPeriodSeconds},
		},
	}
}

// completeRules fills what rules leaves unset from defaults; no rules at all are the defaults.
func completeRules(rules, defaults *autoscalingv2.HPAScalingRules) *autoscalingv2.HPAScalingRules {
	if rules == nil {
		return defaults
	}
	if rules.StabilizationWindowSeconds == nil {
		rules.StabilizationWindowSeconds = defaults.StabilizationWindowSeconds
	}
	if rules.SelectPolicy == nil {
		rules.SelectPolicy = defaults.SelectPolicy
	}
	if rules.Policies == nil {
		rules.Policies = defaults.Policies
	}
	return rules
}
