package dev.weft.agent.weave;

import dev.weft.agent.config.Selector;
import dev.weft.agent.metrics.MethodMetrics;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;

/**
 * Binds {@link ProbeId} to the id of the probe for (selector, declaring class, method name), as an
 * int constant in the woven bytecode: the id is looked up once at weave time, never per call.
 */
final class ProbeIdBinding implements Advice.OffsetMapping.Factory<ProbeId> {

    private final Selector selector;
    private final MethodMetrics metrics;

    ProbeIdBinding(Selector selector, MethodMetrics metrics) {
        this.selector = selector;
        this.metrics = metrics;
    }

    @Override
    public Class<ProbeId> getAnnotationType() {
        return ProbeId.class;
    }

    @Override
    public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
                                     AnnotationDescription.Loadable<ProbeId> annotation,
                                     AdviceType adviceType) {
        return (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) -> {
            int id = metrics.probeFor(selector, instrumentedType.getName(), instrumentedMethod.getInternalName()).id();
            return new Advice.OffsetMapping.Target.ForStackManipulation(IntegerConstant.forValue(id));
        };
    }
}
